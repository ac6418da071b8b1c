package org.queueservice.schema.migrations.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** The end of a transaction that failed. */
public final class FailedTransaction {

    private FailedTransaction() {
    }

    /**
     * Rolls the transaction back, keeping {@code failure} the error reported: when the failure ended the connection
     * (the server terminated the session, a network drop), the rollback fails too, and its "connection has been
     * closed" would otherwise hide what went wrong.
     */
    public static void rollBack(Connection connection, Exception failure) {
        try {
            connection.rollback();
        } catch (SQLException notRolledBack) {
            failure.addSuppressed(notRolledBack);
        }
    }
}
