package org.queueservice.schema.migrations.isolation;

import static org.queueservice.schema.migrations.provision.TwoTenants.ACME;
import static org.queueservice.schema.migrations.provision.TwoTenants.GLOBEX;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.migrations.internal.TransactionTenant;
import org.queueservice.schema.migrations.provision.TwoTenants;
import org.queueservice.schema.model.SqlRenderer;

/**
 * The attacks of a login that is only in the service role, as Acme, on Globex's rows (both written by
 * {@link TwoTenants}). Each method is one attack on one object: it runs in a transaction that is rolled
 * back and returns what the attacker saw or did (rows read, changed or removed); a refusal by PostgreSQL
 * arrives as the {@link SQLException}. {@link #breaches()} runs every attack on every object the login can
 * reach and keeps those that got through. Holds one session of the login until {@link #close()}.
 */
public final class IsolationAttacks implements AutoCloseable {

    /** Settings a policy might wrongly trust; a session can set any of them. */
    static final List<String> OTHER_SETTINGS = List.of("app.is_system_user", "app.bypass_rls", "app.admin", "app.all_tenants",
            "app.role", "app.tenant", "app.current_tenant_override", "app.debug");

    private final Connection session;

    /** @param login a login that is a member of the service role and nothing more */
    public IsolationAttacks(ConnectionSettings login) throws SQLException {
        this.session = login.open();
        session.setAutoCommit(false);
    }

    @Override
    public void close() throws SQLException {
        session.close();
    }

    /** Work of one transaction as the login, with {@code app.current_tenant} set to {@code tenant} (null: not set), rolled back. */
    public interface Work {
        long run(Statement statement) throws SQLException;
    }

    public long as(String tenant, Work work) throws SQLException {
        try (Statement s = session.createStatement()) {
            if (tenant != null) {
                for (String setting : TransactionTenant.set(tenant)) {
                    s.execute(setting);
                }
            }
            return work.run(s);
        } finally {
            session.rollback();
        }
    }

    /** Globex's rows that Acme reads. */
    public long readOtherTenant(String table) throws SQLException {
        return as(ACME.toString(), s -> count(s, "select count(*) from " + quoted(table) + " where tenant_id = '" + GLOBEX + "'"));
    }

    /** The rows read with no tenant set. */
    public long readWithoutTenant(String table) throws SQLException {
        return as(null, s -> count(s, "select count(*) from " + quoted(table)));
    }

    /** The rows read with no tenant set and every other {@code app.*} setting set to {@code true}, then to {@code on}. */
    public long readWithOtherSettings(String table) throws SQLException {
        long seen = 0;
        for (String value : List.of("true", "on")) {
            seen += as(null, s -> {
                for (String setting : OTHER_SETTINGS) {
                    s.execute("select set_config('" + setting + "', '" + value + "', true)");
                }
                return count(s, "select count(*) from " + quoted(table));
            });
        }
        return seen;
    }

    /** Globex's rows that Acme updates. */
    public long updateOtherTenant(String table) throws SQLException {
        return as(ACME.toString(), s -> s.executeUpdate("update " + quoted(table) + " set tenant_id = tenant_id where tenant_id = '" + GLOBEX + "'"));
    }

    /** Globex's rows that Acme deletes. */
    public long deleteOtherTenant(String table) throws SQLException {
        return as(ACME.toString(), s -> s.executeUpdate("delete from " + quoted(table) + " where tenant_id = '" + GLOBEX + "'"));
    }

    /** Acme's rows that Acme hands to Globex. */
    public long moveToOtherTenant(String table) throws SQLException {
        return as(ACME.toString(), s -> s.executeUpdate("update " + quoted(table) + " set tenant_id = '" + GLOBEX + "'"));
    }

    /** The rows Acme writes with Globex's id into one of the tables {@link TwoTenants} knows how to fill. */
    public long insertForOtherTenant(String table) throws SQLException {
        return as(ACME.toString(), s -> s.executeUpdate(TwoTenants.insert(table, GLOBEX, 9)));
    }

    /** 1 when PostgreSQL lets Acme TRUNCATE the table, which empties it for every tenant: no policy is asked. */
    public long truncate(String table) throws SQLException {
        return as(ACME.toString(), s -> {
            s.execute("truncate " + quoted(table));
            return 1;
        });
    }

    /**
     * Rows of another tenant that Acme reads through a view, a materialized view or a row-returning function
     * call ({@code relation} as it goes after FROM): those whose {@code tenant_id} is not Acme's, and when the
     * result has no {@code tenant_id}, every row read with no tenant set.
     */
    public long readThrough(String relation) throws SQLException {
        long foreign = as(ACME.toString(), s -> count(s, "select count(*) from " + relation + " r "
                + "where to_jsonb(r) ? 'tenant_id' and (to_jsonb(r) ->> 'tenant_id') is distinct from '" + ACME + "'"));
        long anonymous = as(null, s -> count(s, "select count(*) from " + relation + " r where not to_jsonb(r) ? 'tenant_id'"));
        return foreign + anonymous;
    }

    /** Every attack on every table with {@code tenant_id}, view and row-returning function the login can reach, that got through. */
    public List<Breach> breaches() throws SQLException {
        List<Breach> breaches = new ArrayList<>();
        for (String table : tenantTables()) {
            record(breaches, "read another tenant's rows", table, () -> readOtherTenant(table), "Acme read %d of Globex's rows");
            record(breaches, "read without a tenant", table, () -> readWithoutTenant(table), "%d rows read with no tenant set");
            record(breaches, "read with other app.* settings", table, () -> readWithOtherSettings(table),
                    "%d rows read with no tenant set and " + String.join(", ", OTHER_SETTINGS) + " set");
            record(breaches, "update another tenant's rows", table, () -> updateOtherTenant(table), "Acme updated %d of Globex's rows");
            record(breaches, "delete another tenant's rows", table, () -> deleteOtherTenant(table), "Acme deleted %d of Globex's rows");
            record(breaches, "move a row to another tenant", table, () -> moveToOtherTenant(table), "Acme gave %d rows to Globex");
            if (TwoTenants.tables().contains(table)) {
                record(breaches, "insert for another tenant", table, () -> insertForOtherTenant(table), "Acme inserted %d rows as Globex");
            }
            record(breaches, "truncate", table, () -> truncate(table), "TRUNCATE emptied the table for every tenant (%d)");
        }
        for (String view : readableViews()) {
            record(breaches, "read through a view", view, () -> readThrough(view), "%d rows of another tenant, or read with no tenant set");
        }
        for (String function : callableRowFunctions()) {
            record(breaches, "call a function", function, () -> readThrough(function),
                    "%d rows of another tenant, or returned with no tenant set");
        }
        return breaches;
    }

    /** The tables of the login's schema with a {@code tenant_id} column. */
    public List<String> tenantTables() throws SQLException {
        return names("select c.relname from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' "
                + "and not a.attisdropped where c.relkind in ('r', 'p') and c.relnamespace = current_schema()::regnamespace order by 1");
    }

    /**
     * The views and materialized views, outside the system schemas and extensions (Citus puts citus_tables in
     * public: it lists tables, not their rows), that the login may SELECT from.
     */
    public List<String> readableViews() throws SQLException {
        return names("select c.oid::regclass::text from pg_class c where c.relkind in ('v', 'm') "
                + "and c.relnamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace) "
                + "and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid "
                + "and d.deptype = 'e') and has_table_privilege(c.oid, 'SELECT') order by 1");
    }

    /**
     * The functions, outside the system schemas and extensions, that the login may execute, that need no
     * argument and return rows (a set or a row type), each as a call: {@code name()}.
     */
    public List<String> callableRowFunctions() throws SQLException {
        return names("select p.oid::regproc::text || '()' from pg_proc p join pg_type t on t.oid = p.prorettype "
                + "where p.prokind = 'f' and p.pronargs = p.pronargdefaults and (p.proretset or t.typtype = 'c' or t.oid = 'record'::regtype) "
                + "and p.pronamespace not in ('pg_catalog'::regnamespace, 'information_schema'::regnamespace) "
                + "and has_function_privilege(p.oid, 'EXECUTE') "
                + "and not exists (select 1 from pg_depend d where d.classid = 'pg_proc'::regclass and d.objid = p.oid and d.deptype = 'e') "
                + "order by 1");
    }

    private interface Attempt {
        long run() throws SQLException;
    }

    /**
     * Records a breach when the attempt saw or touched rows. PostgreSQL refusing it (no privilege, a policy's
     * WITH CHECK, a constraint, a value it will not take) is the attack failing; any other error is not an
     * answer and is thrown.
     */
    private static void record(List<Breach> breaches, String attack, String object, Attempt attempt, String seen) throws SQLException {
        long rows;
        try {
            rows = attempt.run();
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            // 0A000: Citus refuses to change a row's distribution column (tenant_id) outright, before any policy
            if (state.equals("42501") || state.startsWith("23") || state.startsWith("22") || state.equals("0A000")) {
                return;
            }
            throw e;
        }
        if (rows > 0) {
            breaches.add(new Breach(attack, object, seen.formatted(rows)));
        }
    }

    private List<String> names(String sql) throws SQLException {
        try {
            return QueryRows.of(session, sql).stream().map(r -> r.get(0)).toList();
        } finally {
            session.rollback();
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String quoted(String table) {
        return SqlRenderer.render(DSL.name(table));
    }
}
