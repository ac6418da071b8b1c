package org.queueservice.schema.migrations;

import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.internal.StepRunner;

/**
 * An expected failure of a queue-schema operation (unreachable server, refused login, missing
 * privilege, a migration step PostgreSQL rejected, a refused rollback), with a one-line message that
 * names what failed, on which object, and PostgreSQL's own error.
 */
public final class MigrationFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MigrationFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public MigrationFailure(String message) {
        super(message);
    }

    /** Wraps a failure of {@code operation} with the most specific line we can say about it. */
    public static MigrationFailure of(String operation, Throwable failure) {
        if (failure instanceof MigrationFailure known) {
            return known;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StepRunner.StepFailedException step) {
                return new MigrationFailure(operation + " failed: " + step.getMessage(), failure);
            }
        }
        java.sql.SQLException sql = DatabaseError.find(failure);
        String reason = sql != null ? DatabaseError.describe(sql) : firstLine(failure.getMessage());
        return new MigrationFailure(operation + " failed: " + reason, failure);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        String trimmed = message.strip();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline);
    }
}
