package org.queueservice.schema.migrations.cli;

import java.io.PrintStream;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.RecordedSettings;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * A command that failed the expected way: one line on standard error and its exit code, no stack trace.
 * Anything else is a defect, reported with its stack trace and the exit code of a command that could not run:
 * for audit and review that is 2, never the 1 that says what they found.
 */
final class Failures implements IExecutionExceptionHandler {

    private final PrintStream err;

    Failures(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine where, ParseResult parsed) {
        if (e instanceof MigrationFailure) {
            // A message may quote a URL someone wrote with ?password=...: never print that.
            err.println("queue-schema: " + ConnectionSettings.maskPasswords(e.getMessage()));
            return failureExitCode(where);
        }
        if (e instanceof RecordedSettings.SettingConflict) {
            err.println("queue-schema: " + e.getMessage());
            return ExitCode.USAGE;
        }
        e.printStackTrace(err);
        return failureExitCode(where);
    }

    private static int failureExitCode(CommandLine where) {
        return where.getCommandSpec().userObject() instanceof SchemaCommand command ? command.failureExitCode() : ExitCode.FAILED;
    }
}
