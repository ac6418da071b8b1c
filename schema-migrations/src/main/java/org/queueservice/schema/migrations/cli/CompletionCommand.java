package org.queueservice.schema.migrations.cli;

import java.util.concurrent.Callable;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The bash completion script of queue-schema, which picocli generates from the commands and options themselves;
 * the same text for the same build, so a package or dotfile can install its output.
 */
@Command(name = "completion", description = {
        "print the bash completion script of queue-schema; install it as",
        "~/.local/share/bash-completion/completions/queue-schema"})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this command's help")
    boolean help;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        return ExitCode.OK;
    }
}
