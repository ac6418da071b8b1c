package org.queueservice.schema.migrations.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work whose effects must not outlive it (a lifted FORCE, a SET LOCAL ROLE, re-applied DDL): it runs in a
 * transaction that is always rolled back, and the connection's auto-commit mode is restored afterwards.
 */
public final class RolledBackTransaction {

    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

    private RolledBackTransaction() {
    }

    public static <T> T run(Connection connection, Work<T> work) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            return work.run();
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }
}
