package org.queueservice.schema.migrations.audit.checks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.queueservice.schema.migrations.citus.CitusCatalog;

/**
 * A check of how the tables are placed on a Citus cluster, decided on a coordinator (a database with the citus
 * extension). Plain PostgreSQL distributes nothing, so there it passes, saying that it does not apply: auditing a
 * single server keeps every check it had and its score.
 */
abstract class CoordinatorCheck implements AuditCheck {

    @Override
    public final Outcome evaluate(AuditContext context) throws SQLException {
        Connection c = context.connection();
        if (CitusCatalog.extensionVersion(c).isEmpty()) {
            return Outcome.of(List.of(), notACoordinator(c.getCatalog()));
        }
        return evaluateOnCoordinator(context, c);
    }

    /** The evidence on plain PostgreSQL. */
    static String notACoordinator(String database) {
        return "does not apply: " + database + " is not a Citus coordinator (no citus extension), so nothing is distributed";
    }

    abstract Outcome evaluateOnCoordinator(AuditContext context, Connection c) throws SQLException;
}
