package org.queueservice.schema.migrations;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Work whose effects must not outlive it (a lifted FORCE, a SET LOCAL ROLE, re-applied DDL): it runs in a
 * transaction that is always rolled back, and the connection's auto-commit mode is restored afterwards.
 */
final class RolledBackTransaction {

    @FunctionalInterface
    interface Work<T> {
        T run() throws SQLException;
    }

    private RolledBackTransaction() {
    }

    static <T> T run(Connection connection, Work<T> work) throws SQLException {
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
