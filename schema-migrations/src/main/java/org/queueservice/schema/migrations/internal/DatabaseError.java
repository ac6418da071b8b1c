package org.queueservice.schema.migrations.internal;

import java.net.UnknownHostException;
import java.sql.SQLException;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/** One line that says what PostgreSQL refused, for people reading a terminal or a CI log. */
public final class DatabaseError {

    private DatabaseError() {
    }

    public static String describe(SQLException e) {
        StringBuilder line = new StringBuilder();
        ServerErrorMessage server = e instanceof PSQLException psql ? psql.getServerErrorMessage() : null;
        if (server != null) {
            line.append(server.getSeverity()).append(": ").append(server.getMessage());
            if (server.getDetail() != null) {
                line.append(" (").append(server.getDetail()).append(')');
            }
        } else {
            line.append(e.getMessage());
            // pgjdbc says only "The connection attempt failed."; the host it could not resolve is in the cause.
            if (e.getCause() instanceof UnknownHostException unknown) {
                line.append(" (unknown host ").append(unknown.getMessage()).append(')');
            }
        }
        if (e.getSQLState() != null) {
            line.append(" [SQLSTATE ").append(e.getSQLState()).append(']');
        }
        return line.toString().replace('\n', ' ');
    }

    /** The innermost SQLException of a chain, if any. */
    public static SQLException find(Throwable failure) {
        SQLException found = null;
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                found = sql;
            }
        }
        return found;
    }
}
