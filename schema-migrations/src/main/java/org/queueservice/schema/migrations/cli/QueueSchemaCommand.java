package org.queueservice.schema.migrations.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.QueueSchemaMigrations;
import org.queueservice.schema.migrations.RecordedSettings;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code queue-schema <command> [options]}: exit 0 on success, 1 when the operation failed, 2 on bad
 * arguments ({@link ExitCode}). Expected failures print one line, never a stack trace.
 */
@Command(name = "queue-schema", versionProvider = Version.class, customSynopsis = "queue-schema <command> [options]",
        subcommands = {MigrateCommand.class, InfoCommand.class, ValidateCommand.class, RollbackCommand.class,
                RepairCommand.class, AuditCommand.class, ReviewCommand.class, AdoptCommand.class, DistributeCommand.class,
                CompletionCommand.class, HelpCommand.class})
public final class QueueSchemaCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help")
    boolean help;

    @Option(names = "--version", versionHelp = true, description = "print the version of queue-schema")
    boolean version;

    @Spec
    CommandSpec spec;

    final PrintStream out;
    final PrintStream err;
    final Function<String, String> environment;

    QueueSchemaCommand(PrintStream out, PrintStream err, Function<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        System.exit(new QueueSchemaCommand(System.out, System.err, System::getenv).run(args));
    }

    int run(String... args) {
        CommandLine commandLine = commandLine();
        try {
            return commandLine.execute(args);
        } finally {
            commandLine.getOut().flush();
            commandLine.getErr().flush();
        }
    }

    CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(this);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        // Plain text: the help reads the same in a terminal, a pipe and the docs.
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        commandLine.setParameterExceptionHandler(new UsageErrors(err));
        commandLine.setExecutionExceptionHandler(new Failures(err));
        Overview.install(commandLine);
        CommandHelp.install(commandLine);
        return commandLine;
    }

    /** Reached without a command: {@code queue-schema} alone, or only options that are not help or version. */
    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "no command given");
    }

    /** The command {@code args} name, parsed but not run. */
    <T extends SchemaCommand> T parse(Class<T> type, String... args) {
        return type.cast(commandLine().parseArgs(args).subcommand().commandSpec().userObject());
    }

    /** What {@code args} ask for, before the recorded settings are read. */
    Invocation parse(String... args) {
        return parse(SchemaCommand.class, args).invocation();
    }

    /** What a command's options and the environment ask for: where, with which settings, which of them explicit. */
    record Invocation(String command, ConnectionSettings connection, MigrationSettings settings,
                      Set<RecordedSettings.Setting> explicit, boolean usesDefaultDatabase) {

        Invocation withSettings(MigrationSettings recorded) {
            return new Invocation(command, connection, recorded, explicit, usesDefaultDatabase);
        }

        QueueSchemaMigrations migrations() {
            return new QueueSchemaMigrations(connection, settings);
        }
    }
}
