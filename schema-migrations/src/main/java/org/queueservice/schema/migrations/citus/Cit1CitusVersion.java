package org.queueservice.schema.migrations.citus;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.queueservice.schema.migrations.MigrationSettings;

/**
 * The database is on a Citus coordinator of release 12 or later: from 12 on, roles created on the coordinator
 * reach the workers and a table referencing a reference table becomes a Citus local table on its own, which
 * the order of distribution relies on. Tested with 13.2.
 */
final class Cit1CitusVersion implements DistributionCheck {

    static final int OLDEST_MAJOR = 12;

    @Override
    public String code() {
        return "CIT1";
    }

    @Override
    public List<String> refusals(Connection c, MigrationSettings settings) throws SQLException {
        Optional<String> version = CitusCatalog.extensionVersion(c);
        if (version.isEmpty()) {
            return List.of(c.getCatalog() + " has no citus extension: distribute runs on a Citus coordinator, in a database where "
                    + "CREATE EXTENSION citus was run");
        }
        int major = Integer.parseInt(version.get().replaceFirst("[^0-9].*", ""));
        return major >= OLDEST_MAJOR ? List.of() : List.of("the citus extension of " + c.getCatalog() + " is version "
                + version.get() + "; distribute needs Citus " + OLDEST_MAJOR + " or later (ALTER EXTENSION citus UPDATE)");
    }
}
