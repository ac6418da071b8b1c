package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.audit.RollbackRehearsal;
import org.queueservice.schema.migrations.rollback.RollbackPlan;

/** Down paths, the data-loss guard and the safety settings, each test from an empty schema. */
class RollbackIT extends DatabaseIT {

    @AfterEach
    void reset() throws SQLException {
        execute("drop schema public cascade", "create schema public");
    }

    private QueueSchemaMigrations upTo(int version) {
        return new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT, Migrations.ALL.subList(0, version));
    }

    private void rollbackTo(int version) {
        QueueSchemaMigrations migrations = migrations();
        migrations.rollback(migrations.planRollback(version), false);
    }

    /** Everything of ours in the schema: relations, policies, functions, triggers. */
    private List<List<String>> ourObjects() throws SQLException {
        return rows("""
                select 'relation ' || relname from pg_class where relnamespace = current_schema()::regnamespace
                  and relname not like 'flyway_schema_history%'
                union all select 'policy ' || polname from pg_policy
                union all select 'function ' || proname from pg_proc where pronamespace = current_schema()::regnamespace
                union all select 'trigger ' || tgname from pg_trigger where not tgisinternal
                order by 1""");
    }

    @Test
    void downToZeroRemovesEverythingAndUpAgainRestoresAnIdenticalCatalog() throws SQLException {
        migrations().migrate();
        String first = snapshot();

        rollbackTo(0);

        assertThat(ourObjects()).isEmpty();
        assertThat(rows("select count(*) from flyway_schema_history")).containsExactly(List.of("0"));

        migrations().migrate();
        assertThat(snapshot()).isEqualTo(first);
    }

    /** The audit's rehearsal (MIG5), with every version also migrated up again and rolled back once more. */
    @Test
    void downOneVersionAtATimeAndBackGivesTheCatalogOfEachVersion() throws SQLException {
        String empty = snapshot();
        RollbackRehearsal rehearsal = new RollbackRehearsal(database.settings(), MigrationSettings.DEFAULT, Migrations.ALL);
        rehearsal.migrateVersionByVersion();

        assertThat(rehearsal.rollBackOneVersionAtATime(true)).isEmpty();
        assertThat(snapshot()).isEqualTo(empty);
        assertThat(rehearsal.migrateAgain()).isEmpty();
    }

    @Test
    void theGuardRefusesWhenTenantDataWouldBeDroppedAndLosesNothing() throws SQLException {
        // At V3: the versions below V4 undo in one transaction, which counts before it drops (V4 commits step by step).
        upTo(3).migrate();
        execute("insert into tenants (id, name) values ('11111111-1111-1111-1111-111111111111', 'acme')",
                "insert into jobs (tenant_id, queue, type) select '11111111-1111-1111-1111-111111111111', 'q', 't' from generate_series(1, 3)",
                "insert into rate_limiters (tenant_id, service_name, tokens_available, max_concurrent, refill_rate, bucket_size) "
                        + "values ('11111111-1111-1111-1111-111111111111', 'github', 1, 1, 1, 1)");
        String before = snapshot();
        QueueSchemaMigrations migrations = migrations();
        RollbackPlan plan = migrations.planRollback(0);

        assertThat(plan.tablesAtRisk()).extracting(Object::toString)
                .containsExactly("rate_limiters (1 row)", "jobs (3 rows)", "tenants (1 row)");
        assertThatThrownBy(() -> migrations.rollback(plan, false))
                .isInstanceOf(MigrationFailure.class)
                .hasMessage("rollback refused: these tables or columns would be dropped with data that is not seed data: "
                        + "rate_limiters (1 row), jobs (3 rows), tenants (1 row). Nothing was changed; use --force to drop them.");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(rows("select count(*) from flyway_schema_history where success")).containsExactly(List.of("3"));

        migrations.rollback(plan, true);

        assertThat(ourObjects()).isEmpty();
    }

    @Test
    void onlySeedRowsDoNotStopARollback() throws SQLException {
        migrations().migrate();

        assertThat(migrations().planRollback(0).tablesAtRisk()).isEmpty();
        assertThat(migrations().planRollback(2).tablesAtRisk()).isEmpty();
    }

    @Test
    void rollingBackTheSeedDeletesExactlyTheSeedRows() throws SQLException {
        migrations().migrate();
        execute("insert into tenants (id, name) values ('11111111-1111-1111-1111-111111111111', 'acme')",
                "insert into rate_limiters (tenant_id, service_name, tokens_available, max_concurrent, refill_rate, bucket_size) "
                        + "values ('11111111-1111-1111-1111-111111111111', 'stripe', 1, 1, 1, 1)");

        rollbackTo(2);

        assertThat(rows("select tenant_id::text, service_name from rate_limiters"))
                .containsExactly(List.of("11111111-1111-1111-1111-111111111111", "stripe"));
    }

    /** The item 4: an operator's tuning of a seed row is data, neither deleted nor replaced by the default. */
    @Test
    void aTunedSeedRowIsKeptAndReportedByRollbackAndNeverReplacedByMigrate() throws SQLException {
        migrations().migrate();
        execute("update rate_limiters set bucket_size = 500 where service_name = 'stripe'");
        QueueSchemaMigrations migrations = migrations();

        QueueSchemaMigrations.RollbackResult result = migrations.rollback(migrations.planRollback(2), false);

        assertThat(result.found().kept()).containsExactly("rate_limiters rows of the system tenant changed since they were seeded: stripe");
        assertThat(result.found().atRisk()).isEmpty();
        assertThat(rows("select service_name, bucket_size::text from rate_limiters")).containsExactly(List.of("stripe", "500"));
        assertThat(rows("select name from tenants")).containsExactly(List.of("system"));

        upTo(3).migrate();
        assertThat(rows("select service_name, bucket_size::text from rate_limiters order by 1"))
                .containsExactly(List.of("sendgrid", "50"), List.of("solana_rpc", "25"), List.of("stripe", "500"), List.of("twilio", "10"));

        // Dropping rate_limiters would now lose the tuning: the guard counts it like any other data.
        assertThatThrownBy(() -> migrations().rollback(migrations().planRollback(0), false))
                .isInstanceOf(MigrationFailure.class)
                .hasMessageContaining("would be dropped with data that is not seed data: rate_limiters (1 row). Nothing was changed");
    }

    @Test
    void aRenamedSystemTenantIsKept() throws SQLException {
        migrations().migrate();
        execute("update tenants set name = 'platform' where name = 'system'");

        QueueSchemaMigrations.RollbackResult result = migrations().rollback(migrations().planRollback(2), false);

        assertThat(result.found().kept()).containsExactly("system tenant renamed since it was seeded: platform");
        assertThat(rows("select name from tenants")).containsExactly(List.of("platform"));
        assertThat(rows("select count(*) from rate_limiters")).containsExactly(List.of("0"));
    }

    /** The tenants service's table, made before queue-schema ever ran, with the given rows. */
    private void tenantsOfTheTenantsService(String... rows) throws SQLException {
        execute("create table tenants (id uuid primary key, name text not null)");
        for (String row : rows) {
            execute("insert into tenants values " + row);
        }
    }

    private static final String ACME = "('11111111-1111-1111-1111-111111111111', 'acme')";

    /** Issue 13, item 11: the system tenant the seed inserted into the tenants service's table goes with rollback. */
    @Test
    void aTenantsTableThatWasNotOursSurvivesRollbackToZeroWithoutTheSystemTenantTheSeedInserted() throws SQLException {
        tenantsOfTheTenantsService(ACME);
        migrations().migrate();

        QueueSchemaMigrations.RollbackResult result = migrations().rollback(migrations().planRollback(0), false);

        assertThat(result.found().kept()).isEmpty();
        assertThat(rows("select name from tenants order by name")).containsExactly(List.of("acme"));
        assertThat(rows("select relname from pg_class where relname in ('jobs', 'queues')")).isEmpty();
    }

    /** A system tenant row the tenants service had before migrate is its own: rollback never deletes it. */
    @Test
    void aSystemTenantRowThatExistedBeforeMigrateStays() throws SQLException {
        tenantsOfTheTenantsService(ACME, "('" + MigrationSettings.DEFAULT.systemTenant() + "', 'system')");
        migrations().migrate();

        QueueSchemaMigrations.RollbackResult result = migrations().rollback(migrations().planRollback(0), false);

        assertThat(result.found().kept()).isEmpty();
        assertThat(rows("select name from tenants order by name")).containsExactly(List.of("acme"), List.of("system"));
    }

    /** Seeded, renamed by an operator: data now, kept and reported like a tuned seed row. */
    @Test
    void aSeededSystemTenantRenamedInTheTenantsServicesTableIsKeptAndReported() throws SQLException {
        tenantsOfTheTenantsService(ACME);
        migrations().migrate();
        execute("update tenants set name = 'platform' where name = 'system'");

        QueueSchemaMigrations.RollbackResult result = migrations().rollback(migrations().planRollback(0), false);

        assertThat(result.found().kept()).containsExactly("system tenant renamed since it was seeded: platform");
        assertThat(rows("select name from tenants order by name")).containsExactly(List.of("acme"), List.of("platform"));
    }

    /**
     * Once rollback deleted the seeded row, the record no longer claims it: a row the tenants service inserts
     * with that id before the next migrate is its own and survives the next rollback.
     */
    @Test
    void aSystemTenantRowInsertedByTheTenantsServiceAfterARollbackIsNotTakenForTheSeededOne() throws SQLException {
        tenantsOfTheTenantsService(ACME);
        migrations().migrate();
        rollbackTo(2);
        assertThat(rows("select name from tenants")).containsExactly(List.of("acme"));
        execute("insert into tenants values ('" + MigrationSettings.DEFAULT.systemTenant() + "', 'system')");
        migrations().migrate();

        rollbackTo(0);

        assertThat(rows("select name from tenants order by name")).containsExactly(List.of("acme"), List.of("system"));
    }

    /** A database recorded before the record said who inserted the system tenant: rollback keeps the row. */
    @Test
    void aRecordWithoutTheSeededMarkKeepsTheSystemTenant() throws SQLException {
        tenantsOfTheTenantsService(ACME);
        migrations().migrate();
        execute("""
                do $$ begin execute format('comment on table flyway_schema_history is %L', 'queue-schema settings: '
                  || ((substr(obj_description('flyway_schema_history'::regclass, 'pg_class'), 24)::jsonb) - 'system_tenant_seeded')::text);
                end $$""");
        assertThat(rows("select obj_description('flyway_schema_history'::regclass, 'pg_class')").get(0).get(0))
                .startsWith("queue-schema settings: {").doesNotContain("system_tenant_seeded");

        rollbackTo(0);

        assertThat(rows("select name from tenants order by name")).containsExactly(List.of("acme"), List.of("system"));
    }

    @Test
    void rollbackDropsOnlyRolesItCreatedThatNothingUses() throws SQLException {
        String suffix = Long.toHexString(System.nanoTime());
        String created = "qs_app_" + suffix;
        String preexisting = "qs_ops_" + suffix;
        String withMember = "qs_app2_" + suffix;
        execute("create role " + preexisting + " nologin");
        try {
            var own = new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT
                    .withRoles(new org.queueservice.schema.model.DatabaseRoles(created, preexisting)));
            own.migrate();
            assertThat(rows("select rolname, coalesce(shobj_description(oid, 'pg_authid'), '') like 'Created by queue-schema%' "
                    + "from pg_roles where rolname in ('" + created + "', '" + preexisting + "') order by 1"))
                    .containsExactly(List.of(created, "t"), List.of(preexisting, "f"));

            own.rollback(own.planRollback(0), false);

            assertThat(rows("select rolname from pg_roles where rolname in ('" + created + "', '" + preexisting + "')"))
                    .containsExactly(List.of(preexisting));

            // A role of ours that a login has been made a member of stays: dropping it would cut that login off.
            var again = new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT
                    .withRoles(new org.queueservice.schema.model.DatabaseRoles(withMember, preexisting)));
            again.migrate();
            ConnectionSettings login = loginAs(withMember);
            again.rollback(again.planRollback(0), false);
            assertThat(rows("select rolname from pg_roles where rolname = '" + withMember + "'"))
                    .containsExactly(List.of(withMember));
            assertThat(login.user()).isNotBlank();
        } finally {
            for (String role : List.of(created, preexisting, withMember)) {
                if (!rows("select 1 from pg_roles where rolname = ?", role).isEmpty()) {
                    execute("drop owned by " + role, "drop role " + role);
                }
            }
        }
    }

    @Test
    void dryRunPrintsTheSqlAndChangesNothing() throws SQLException {
        migrations().migrate();
        String before = snapshot();

        String script = migrations().planRollback(0).script();

        assertThat(script).startsWith("-- undo V4 Distributable by tenant (an online version: each step commits on its own")
                .contains("begin;\n", "-- undo V3 Seed rate limiters (one transaction with the versions around it)",
                "delete from \"rate_limiters\" where", "drop policy if exists \"jobs_tenant_isolation\" on \"jobs\"",
                "drop table if exists \"jobs\" restrict", "delete from \"flyway_schema_history\" where \"version\" = '1'");
        assertThat(script.indexOf("undo V4")).isLessThan(script.indexOf("undo V3"));
        assertThat(script.indexOf("undo V3")).isLessThan(script.indexOf("undo V2"));
        assertThat(script.indexOf("undo V2")).isLessThan(script.indexOf("undo V1"));
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void twoMigrateRunsStartedTogetherBothSucceedWithOneResult() throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        Callable<QueueSchemaMigrations.MigrationReport> migrate = () -> {
            start.await();
            return migrations().migrate();
        };
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<QueueSchemaMigrations.MigrationReport> a = pool.submit(migrate);
            Future<QueueSchemaMigrations.MigrationReport> b = pool.submit(migrate);
            List<String> applied = new java.util.ArrayList<>(a.get().applied());
            applied.addAll(b.get().applied());

            // The schema change lock serialises them: each version is applied exactly once.
            assertThat(applied).containsExactlyInAnyOrderElementsOf(
                    Migrations.all().stream().map(m -> "V" + m.getVersion() + " " + m.getDescription()).toList());
        } finally {
            pool.shutdownNow();
        }
        assertThat(rows("select version from flyway_schema_history order by installed_rank"))
                .containsExactlyElementsOf(Migrations.all().stream().map(m -> List.of(m.getVersion().getVersion())).toList());
        String concurrent = snapshot();
        reset();
        migrations().migrate();
        assertThat(snapshot()).isEqualTo(concurrent);
    }

    @Test
    void aMigrationBlockedByABusyTableFailsWithinTheLockTimeoutAndLeavesHistoryAsItWas() throws Exception {
        upTo(1).migrate();
        try (Connection holder = database.open(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("lock table jobs in access share mode"); // what any running SELECT on jobs holds

            var impatient = new QueueSchemaMigrations(database.settings(),
                    MigrationSettings.DEFAULT.withLockTimeout(Duration.ofMillis(500)), Migrations.ALL);
            long started = System.nanoTime();
            assertThatThrownBy(impatient::migrate)
                    .isInstanceOf(MigrationFailure.class)
                    .hasMessageContaining("row-level security, policies and grants on jobs")
                    .hasMessageContaining("lock timeout")
                    .hasMessageContaining("55P03");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            holder.rollback();
        }
        assertThat(rows("select version from flyway_schema_history where success order by installed_rank"))
                .containsExactly(List.of("1"));
        assertThat(rows("select relrowsecurity::text from pg_class where relname = 'queues'")).containsExactly(List.of("false"));
    }
}
