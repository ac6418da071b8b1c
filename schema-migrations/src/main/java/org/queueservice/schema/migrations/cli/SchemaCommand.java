package org.queueservice.schema.migrations.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;

import org.queueservice.schema.migrations.RecordedSettings;
import org.queueservice.schema.migrations.cli.QueueSchemaCommand.Invocation;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * A command that reads a database: the connection and settings mixins, {@code --help}, and the steps
 * every such command takes before its own work: its arguments checked, then the recorded settings read.
 */
abstract class SchemaCommand implements Callable<Integer> {

    @ParentCommand
    QueueSchemaCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this command's help")
    boolean help;

    @Mixin
    ConnectionOptions connectionOptions;

    @Mixin
    SettingsOptions settingsOptions;

    /** The command's own work, with the recorded settings in place of those left out. */
    abstract int run(Invocation invocation);

    /** Whether the command reads the database's recorded settings first (a review of --base alone reads no database). */
    boolean readsDatabase(Invocation invocation) {
        return true;
    }

    /** The exit code of a {@link org.queueservice.schema.migrations.MigrationFailure}. */
    int failureExitCode() {
        return ExitCode.FAILED;
    }

    /** The line for a required option left out. */
    String missing(OptionSpec option) {
        return spec.name() + " needs " + option.longestName() + " " + option.paramLabel();
    }

    @Override
    public final Integer call() {
        Invocation invocation = invocation();
        if (readsDatabase(invocation)) {
            // Settings left out take the values the database was migrated with; a different explicit one is refused.
            invocation = invocation.withSettings(RecordedSettings.apply(invocation.connection(), invocation.settings(),
                    invocation.explicit(), invocation.command()));
        }
        return run(invocation);
    }

    /** What the options and the environment ask for; a usage error when they are wrong. */
    Invocation invocation() {
        try {
            ConnectionOptions.Target target = connectionOptions.target(root.environment);
            Invocation invocation = new Invocation(spec.name(), target.connection(), settingsOptions.settings(),
                    settingsOptions.explicit(), target.usesDefaultDatabase());
            check(invocation);
            return invocation;
        } catch (IllegalArgumentException e) {
            throw usageError(e.getMessage());
        }
    }

    /** The command's own checks of its arguments, before any database is read. */
    void check(Invocation invocation) {
    }

    ParameterException usageError(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    PrintStream out() {
        return root.out;
    }

    PrintStream err() {
        return root.err;
    }
}
