package org.queueservice.schema.migrations.citus;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.internal.QueryRows;

/**
 * At least one node may hold shards, and the coordinator reaches every worker as the current user: Citus opens
 * its connections to the workers as the user of the session, so authentication between the nodes must admit
 * it (trust, a .pgpass of the coordinator's server, or pg_dist_authinfo).
 */
final class Cit2WorkersReachable implements DistributionCheck {

    @Override
    public String code() {
        return "CIT2";
    }

    @Override
    public List<String> refusals(Connection c, MigrationSettings settings) throws SQLException {
        if (QueryRows.of(c, "select 1 from pg_dist_node where noderole = 'primary' and isactive and shouldhaveshards").isEmpty()) {
            return List.of("no node of " + c.getCatalog() + " may hold shards: register the workers in this database with "
                    + "SELECT citus_add_node('host', port) (Citus keeps its node list per database)");
        }
        List<String> refusals = new ArrayList<>();
        for (List<String> row : QueryRows.of(c, "select nodename || ':' || nodeport, result from run_command_on_workers('select 1') "
                + "where not success order by 1")) {
            refusals.add("the coordinator cannot reach worker " + row.get(0) + " as " + QueryRows.of(c, "select current_user").get(0).get(0)
                    + ": " + row.get(1) + " (authentication between nodes: trust, a .pgpass on the coordinator, or pg_dist_authinfo)");
        }
        return refusals;
    }
}
