package org.queueservice.schema.migrations.citus;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.internal.QueryRows;

/**
 * The settings distribution needs and cannot set itself. Every node allows prepared transactions: a write
 * that touches several workers (a DDL statement, the copy of a table) commits with two-phase commit. And the
 * login may set {@code citus.enable_unsafe_triggers} for the database (its owner or a superuser), unless it is
 * set already: Citus refuses to distribute a table with triggers, or to create one on a distributed table, without it,
 * and later versions are applied on Flyway's own connections, which read the database's setting.
 */
final class Cit3NodeSettings implements DistributionCheck {

    static final String UNSAFE_TRIGGERS = CitusCatalog.UNSAFE_TRIGGERS;

    @Override
    public String code() {
        return "CIT3";
    }

    @Override
    public List<String> refusals(Connection c, MigrationSettings settings) throws SQLException {
        List<String> refusals = new ArrayList<>();
        if (Integer.parseInt(QueryRows.of(c, "select current_setting('max_prepared_transactions')").get(0).get(0)) == 0) {
            refusals.add("max_prepared_transactions is 0 on the coordinator; set it (e.g. to max_connections) and restart it");
        }
        for (List<String> row : QueryRows.of(c, "select nodename || ':' || nodeport from run_command_on_workers("
                + "'select current_setting(''max_prepared_transactions'')') where success and result = '0' order by 1")) {
            refusals.add("max_prepared_transactions is 0 on worker " + row.get(0) + "; set it (e.g. to max_connections) and restart it");
        }
        boolean allowed = "t".equals(QueryRows.of(c, "select r.rolsuper or d.datdba = r.oid or exists (select 1 from pg_db_role_setting s "
                + "where s.setdatabase = d.oid and s.setrole = 0 and ? || '=on' = any(s.setconfig)) from pg_database d, pg_roles r "
                + "where d.datname = current_database() and r.rolname = current_user", UNSAFE_TRIGGERS).get(0).get(0));
        if (!allowed) {
            refusals.add(UNSAFE_TRIGGERS + " is not on for " + c.getCatalog() + " and only its owner or a superuser may set it: "
                    + "have one run ALTER DATABASE " + c.getCatalog() + " SET " + UNSAFE_TRIGGERS + " = on");
        }
        return refusals;
    }
}
