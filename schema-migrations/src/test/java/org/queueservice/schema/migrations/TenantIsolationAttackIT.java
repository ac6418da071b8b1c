package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.queueservice.schema.migrations.provision.TwoTenants.ACME;
import static org.queueservice.schema.migrations.provision.TwoTenants.GLOBEX;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.util.PSQLException;
import org.queueservice.schema.migrations.isolation.IsolationAttacks;
import org.queueservice.schema.migrations.provision.TwoTenants;

/**
 * Attacks on tenant isolation, run as a login that is only a member of queue_app, against two tenants'
 * rows in every table. The tables are owned by a non-superuser login (as in production), so that FORCE
 * ROW LEVEL SECURITY is what stops the owner too. Every attack runs in a transaction that is rolled back. The
 * service login's attacks are {@link IsolationAttacks}, the same that {@code review} runs on a changed schema.
 */
class TenantIsolationAttackIT extends DatabaseIT {

    private ConnectionSettings owner;
    private ConnectionSettings app;
    private ConnectionSettings maintenance;
    /** The attacks review runs on a changed schema, as the same login. */
    IsolationAttacks attacks;

    @BeforeAll
    void migrateAsOwnerAndLoadTwoTenants() throws SQLException {
        owner = ownerWithTwoTenants();
        app = loginAs("queue_app");
        maintenance = loginAs("queue_maintenance");
        attacks = new IsolationAttacks(app);
    }

    @AfterAll
    void closeTheAttackersSession() throws SQLException {
        if (attacks != null) {
            attacks.close();
        }
    }

    @Test
    void noAttackGetsThroughAnyTableViewOrFunctionTheServiceCanReach() throws SQLException {
        assertThat(attacks.tenantTables()).containsExactlyInAnyOrderElementsOf(tables());
        assertThat(attacks.breaches()).isEmpty();
    }

    /** The schema under attack, built as a non-superuser owner, with two tenants' rows everywhere; returns the owner. */
    ConnectionSettings ownerWithTwoTenants() throws SQLException {
        return migrateAsOwnerWithTwoTenants();
    }

    /** How PostgreSQL names the table whose policy rejected a row: here the table itself. */
    String rowRejected(String table) {
        return "new row violates row-level security policy for table \"" + table + "\"";
    }

    static List<String> tables() {
        return TwoTenants.tables();
    }

    /** Work in one transaction as {@code who}, with the tenant setting given as text (null: not set), then rolled back. */
    interface Attack {
        long run(Statement statement) throws SQLException;
    }

    static long attack(ConnectionSettings who, String tenant, Attack attack) throws SQLException {
        try (Connection c = who.open(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            try {
                if (tenant != null) {
                    // As TenantContext sets it: SET statements, which Citus sends on to the workers (set_config() it does not).
                    try (Statement set = c.createStatement()) {
                        set.execute("set local citus.propagate_set_commands = 'local'");
                        set.execute(org.queueservice.schema.model.SqlRenderer.render(org.jooq.impl.DSL.query(
                                "set local app.current_tenant = {0}", org.jooq.impl.DSL.inline(tenant))));
                    }
                }
                return attack.run(s);
            } finally {
                c.rollback();
            }
        }
    }

    static long execute(Statement s, String sql) throws SQLException {
        s.execute(sql);
        return 0;
    }

    static long count(Statement s, String sql) throws SQLException {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }

    static void assertSqlState(ThrowingSql attack, String sqlState, String... messageParts) {
        assertThatThrownBy(attack::run).isInstanceOfSatisfying(PSQLException.class, e -> {
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(sqlState);
            assertThat(e.getMessage()).contains(messageParts);
        });
    }

    interface ThrowingSql {
        void run() throws SQLException;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void withTheTenantSetOnlyThatTenantsRowsAreVisible(String table) throws SQLException {
        assertThat(attack(app, ACME.toString(), s -> count(s, "select count(*) from " + table))).isEqualTo(2);
        assertThat(attack(app, ACME.toString(), s -> count(s, "select count(*) from " + table + " where tenant_id <> '" + ACME + "'")))
                .isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void noTenantSetReadsNothingAndCannotWrite(String table) throws SQLException {
        assertThat(attacks.readWithoutTenant(table)).isZero();
        assertThat(attack(app, null, s -> s.executeUpdate("update " + table + " set updated_at = now()"))).isZero();
        assertThat(attack(app, null, s -> s.executeUpdate("delete from " + table))).isZero();
        assertSqlState(() -> attack(app, null, s -> s.executeUpdate(TwoTenants.insert(table, ACME, 9))),
                "42501", rowRejected(table));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void crossTenantSelectUpdateAndDeleteTouchNothing(String table) throws SQLException {
        assertThat(attacks.readOtherTenant(table)).isZero();
        assertThat(attacks.updateOtherTenant(table)).isZero();
        assertThat(attacks.deleteOtherTenant(table)).isZero();
        // and Globex's rows are all still there
        assertThat(attack(app, GLOBEX.toString(), s -> count(s, "select count(*) from " + table))).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void insertingWithAnotherTenantsIdIsRejected(String table) {
        assertSqlState(() -> attacks.insertForOtherTenant(table),
                "42501", rowRejected(table));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void movingARowToAnotherTenantIsRejected(String table) {
        assertMoveRejected(table);
    }

    /** The policy's WITH CHECK refuses the moved row. */
    void assertMoveRejected(String table) {
        assertSqlState(() -> attacks.moveToOtherTenant(table), "42501", rowRejected(table));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void aBlankTenantReadsNothingWithoutAnError(String table) throws SQLException {
        assertThat(attack(app, "", s -> count(s, "select count(*) from " + table))).isZero();
        assertThat(attack(app, "   ".trim(), s -> s.executeUpdate("delete from " + table))).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void aMalformedTenantIsAClearErrorAndReadsNothing(String table) {
        assertSqlState(() -> attack(app, "acme", s -> count(s, "select count(*) from " + table)),
                "22P02", "invalid input syntax for type uuid: \"acme\"");
        assertSqlState(() -> attack(app, ACME + "' or true --", s -> count(s, "select count(*) from " + table)),
                "22P02", "invalid input syntax for type uuid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void theTenantEndsWithItsTransactionOnTheSameConnection(String table) throws SQLException {
        try (Connection c = app.open(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("set local citus.propagate_set_commands = 'local'");
            s.execute("set local app.current_tenant = '" + ACME + "'");
            assertThat(count(s, "select count(*) from " + table)).isEqualTo(2);
            c.commit();
            assertThat(count(s, "select count(*) from " + table)).isZero();
            c.rollback();
            // and set_config(..., true) ends with it too
            s.execute("select set_config('app.current_tenant', '" + ACME + "', true)");
            c.commit();
            assertThat(count(s, "select count(*) from " + table)).isZero();
            c.rollback();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void appSettingsOtherThanTheTenantGrantNothing(String table) throws SQLException {
        assertThat(attacks.readWithOtherSettings(table)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void theTableOwnerWithoutATenantSeesNothing(String table) throws SQLException {
        assertThat(rows("select pg_get_userbyid(relowner) from pg_class where oid = '" + table + "'::regclass"))
                .containsExactly(List.of(owner.user()));
        assertThat(attack(owner, null, s -> count(s, "select count(*) from " + table))).isZero();
        assertThat(attack(owner, ACME.toString(), s -> count(s, "select count(*) from " + table))).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void theMaintenanceRoleSeesEveryTenant(String table) throws SQLException {
        assertThat(attack(maintenance, null, s -> count(s, "select count(distinct tenant_id) from " + table
                + " where tenant_id in ('" + ACME + "', '" + GLOBEX + "')"))).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tables")
    void theServiceRoleCannotChangeTheRulesOrTheTable(String table) {
        for (String ddl : List.of(
                "alter table " + table + " disable row level security",
                "alter table " + table + " no force row level security",
                "drop policy " + table + "_tenant_isolation on " + table,
                "alter policy " + table + "_tenant_isolation on " + table + " using (true)",
                "create policy sneaky on " + table + " using (true)",
                "alter table " + table + " add column sneaky int",
                "drop table " + table,
                "create index sneaky_idx on " + table + " (tenant_id)")) {
            assertSqlState(() -> attack(app, ACME.toString(), s -> execute(s, ddl)), "42501", "must be owner of ", " " + table);
        }
        assertSqlState(() -> attacks.truncate(table), "42501", "permission denied for table " + table);
    }

    @Test
    void theServiceRoleCannotBecomeTheMaintenanceRole() {
        assertSqlState(() -> attack(app, null, s -> execute(s, "set role queue_maintenance")),
                "42501", "permission denied to set role \"queue_maintenance\"");
        assertSqlState(() -> attack(app, null, s -> execute(s, "set session authorization queue_maintenance")),
                "42501", "permission denied to set session authorization");
    }

    @Test
    void theServiceRoleHasOnlyDataPrivilegesAndNoPowers() throws SQLException {
        assertThat(rows("select rolsuper::text, rolbypassrls::text, rolcreaterole::text, rolcreatedb::text, rolcanlogin::text "
                + "from pg_roles where rolname = 'queue_app'")).containsExactly(List.of("false", "false", "false", "false", "false"));
        for (String table : tables()) {
            assertThat(rows("""
                    select p from unnest(array['SELECT','INSERT','UPDATE','DELETE','TRUNCATE','REFERENCES','TRIGGER']) p
                    where has_table_privilege('queue_app', '%s', p) order by 1""".formatted(table)))
                    .as(table).containsExactly(List.of("DELETE"), List.of("INSERT"), List.of("SELECT"), List.of("UPDATE"));
        }
        assertThat(rows("select count(*) from pg_class where relowner = 'queue_app'::regrole")).containsExactly(List.of("0"));
    }

    @Test
    void twoTenantsMayUseTheSameNamesAndNeitherLearnsOfTheOthers() throws SQLException {
        // SampleRows gave both tenants queue-1, nightly-1, key-1, charge-1, req-1 and service-1 already.
        for (String table : List.of("queues", "schedules", "rate_limits", "critical_jobs", "idempotency_keys", "rate_limiters")) {
            assertThat(rows("select count(*) from " + table + " where tenant_id in ('" + ACME + "', '" + GLOBEX + "')"
                    + " and (to_jsonb(" + table + ".*) ->> case '" + table + "' when 'queues' then 'name' when 'schedules' then 'name'"
                    + " when 'rate_limiters' then 'service_name' when 'critical_jobs' then 'idempotency_key' else 'key' end) like '%-1'"))
                    .as(table).containsExactly(List.of("2"));
        }
        // A tenant probing a name another tenant holds: ON CONFLICT sees no conflict, the row is its own.
        long inserted = attack(app, ACME.toString(), s -> {
            return s.executeUpdate(
                    "insert into queues (tenant_id, name, type) values ('" + ACME + "', 'queue-2', 'standard') "
                            + "on conflict (tenant_id, name) do nothing");
        });
        assertThat(inserted).as("queue-2 exists for Acme itself, so DO NOTHING").isZero();
        long probe = attack(app, ACME.toString(), s -> {
            s.executeUpdate("delete from queues");
            return s.executeUpdate(
                    "insert into queues (tenant_id, name, type) values ('" + ACME + "', 'queue-1', 'standard') "
                            + "on conflict (tenant_id, name) do update set type = 'hijacked'");
        });
        assertThat(probe).isEqualTo(1);
        assertThat(rows("select type from queues where tenant_id = '" + GLOBEX + "' and name = 'queue-1'"))
                .containsExactly(List.of("standard"));
    }

    @Test
    void noViewOrSecurityDefinerFunctionCanBypassThePolicies() throws SQLException {
        // an extension's own views (Citus puts citus_tables in public) read no tenant table
        assertThat(rows("select viewname from pg_views v where schemaname = current_schema() and not exists (select 1 from pg_depend d "
                + "where d.classid = 'pg_class'::regclass and d.objid = format('%I.%I', v.schemaname, v.viewname)::regclass "
                + "and d.deptype = 'e')")).isEmpty();
        assertThat(rows("select matviewname from pg_matviews where schemaname = current_schema()")).isEmpty();
        assertThat(rows("select proname from pg_proc where pronamespace = current_schema()::regnamespace and prosecdef")).isEmpty();
    }
}
