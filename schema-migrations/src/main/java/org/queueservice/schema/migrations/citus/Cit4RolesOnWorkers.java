package org.queueservice.schema.migrations.citus;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.internal.QueryRows;

/**
 * The service and maintenance roles exist on every worker: the shards' grants and policies name them, and the
 * coordinator connects to the workers as the session's user. Citus copies a role created on the coordinator
 * only when it was created in a database with the extension (or when the worker is added); one restored from
 * a dump with pg_dumpall before that is missing there.
 */
final class Cit4RolesOnWorkers implements DistributionCheck {

    @Override
    public String code() {
        return "CIT4";
    }

    @Override
    public List<String> refusals(Connection c, MigrationSettings settings) throws SQLException {
        List<String> refusals = new ArrayList<>();
        for (String role : List.of(settings.roles().application(), settings.roles().maintenance())) {
            for (List<String> row : QueryRows.of(c, "select nodename || ':' || nodeport from run_command_on_workers("
                    + "format('select count(*) from pg_roles where rolname = %L', ?::text)) where success and result = '0' order by 1", role)) {
                refusals.add("role " + role + " is missing on worker " + row.get(0) + ": create it there, or on the coordinator in this "
                        + "database (Citus propagates CREATE ROLE run in a database with the citus extension)");
            }
        }
        return refusals;
    }
}
