package org.queueservice.schema.migrations.citus;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.internal.QueryRows;

/** The migrating login owns tenants and every tenant table (or is a superuser): only an owner may distribute a table. */
final class Cit5TablesOwned implements DistributionCheck {

    @Override
    public String code() {
        return "CIT5";
    }

    @Override
    public List<String> refusals(Connection c, MigrationSettings settings) throws SQLException {
        List<String> tables = new ArrayList<>(CitusCatalog.tenantTables(c));
        tables.add(CitusCatalog.TENANTS);
        List<String> refusals = new ArrayList<>();
        for (List<String> row : QueryRows.of(c, "select c.relname, pg_get_userbyid(c.relowner) from pg_class c "
                + "join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'public' and c.relname = any(?::text[]) "
                + "and c.relowner <> (select oid from pg_roles where rolname = current_user) "
                + "and not (select rolsuper from pg_roles where rolname = current_user) order by 1",
                c.createArrayOf("text", tables.toArray()))) {
            refusals.add("table " + row.get(0) + " is owned by " + row.get(1) + ", not by the login running distribute; run it as "
                    + row.get(1));
        }
        return refusals;
    }
}
