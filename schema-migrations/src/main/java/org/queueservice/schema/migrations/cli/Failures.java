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
 * Anything else is a defect, which picocli reports with its stack trace and exit 1.
 */
final class Failures implements IExecutionExceptionHandler {

    private final PrintStream err;

    Failures(PrintStream err) {
        this.err = err;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine where, ParseResult parsed) throws Exception {
        if (e instanceof MigrationFailure) {
            // A message may quote a URL someone wrote with ?password=...: never print that.
            err.println("queue-schema: " + ConnectionSettings.maskPasswords(e.getMessage()));
            return where.getCommandSpec().userObject() instanceof SchemaCommand command ? command.failureExitCode()
                    : ExitCode.FAILED;
        }
        if (e instanceof RecordedSettings.SettingConflict) {
            err.println("queue-schema: " + e.getMessage());
            return ExitCode.USAGE;
        }
        throw e;
    }
}
