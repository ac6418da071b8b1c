package org.queueservice.schema.migrations.citus;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.internal.QueryRows;

/**
 * The tenant tables have the shape Citus accepts: every primary key and unique constraint or index holds
 * {@code tenant_id} (a shard can only enforce uniqueness within itself), and no policy holds a sub-select
 * (Citus refuses one on a distributed table). A schema of a version before V4 has neither.
 */
final class Cit6DistributableShape implements DistributionCheck {

    @Override
    public String code() {
        return "CIT6";
    }

    @Override
    public List<String> refusals(Connection c, MigrationSettings settings) throws SQLException {
        List<String> tables = CitusCatalog.tenantTables(c);
        List<String> refusals = new ArrayList<>();
        java.sql.Array names = c.createArrayOf("text", tables.toArray());
        for (CitusCatalog.UniqueKey key : CitusCatalog.uniqueKeys(c, tables)) {
            if (!key.holdsDistributionColumn()) {
                refusals.add("unique index " + key.index() + " of " + key.table() + " does not hold " + CitusCatalog.DISTRIBUTION_COLUMN
                        + " (Citus can enforce uniqueness only per shard); migrate to the latest version first");
            }
        }
        for (List<String> row : QueryRows.of(c, "select polrelid::regclass::text, polname from pg_policy p join pg_class t on t.oid = p.polrelid "
                + "join pg_namespace n on n.oid = t.relnamespace where n.nspname = 'public' and t.relname = any(?::text[]) "
                + "and (coalesce(pg_get_expr(polqual, polrelid), '') ~* '\\mselect\\M' "
                + "or coalesce(pg_get_expr(polwithcheck, polrelid), '') ~* '\\mselect\\M') order by 1, 2", names)) {
            refusals.add("policy " + row.get(1) + " on " + row.get(0) + " holds a sub-select, which Citus refuses on a distributed "
                    + "table; migrate to the latest version first");
        }
        return refusals;
    }
}
