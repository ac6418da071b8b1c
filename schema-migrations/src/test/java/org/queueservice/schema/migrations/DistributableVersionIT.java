package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.migrations.provision.TwoTenants;

/**
 * V4 on a live V3 database: every row kept, the keys on (tenant_id, id), the policies without a sub-select,
 * jobs.scheduled_for filled and NOT NULL; a run stopped anywhere finished by the next or rolled back to
 * exactly V3.
 */
class DistributableVersionIT extends DatabaseIT {

    private static final String JOBS_CONTENT = "select count(*), md5(string_agg(tenant_id || ' ' || id || ' ' || status || ' '"
            + " || created_at, ',' order by id)) from jobs";

    private ConnectionSettings owner;

    @BeforeEach
    void reset() throws SQLException {
        resetSchema();
        owner = database.ownerLogin();
    }

    private QueueSchemaMigrations asOwner(int upTo, MigrationSettings settings) {
        return new QueueSchemaMigrations(owner, settings, Migrations.ALL.subList(0, upTo));
    }

    /**
     * At V3, as the owner (not a superuser, so FORCE binds it), two tenants everywhere and jobs without a
     * time; returns the snapshot, rows included.
     */
    private String atV3WithRows() throws SQLException {
        asOwner(3, MigrationSettings.DEFAULT).migrate();
        execute(TwoTenants.rowsEverywhere().toArray(String[]::new));
        execute("insert into jobs (tenant_id, queue, type, scheduled_for) select '" + TwoTenants.ACME + "', 'q', 't', null"
                + " from generate_series(1, 3000)");
        return snapshot();
    }

    private String schemaOnly() throws SQLException {
        return snapshot().lines().filter(line -> !line.startsWith("-- row ")).collect(java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void aV3DatabaseUpgradesAsItsOwnerKeepingEveryRowAndRollsBackToExactlyV3() throws SQLException {
        atV3WithRows();
        String v3 = schemaOnly();
        List<List<String>> jobs = rows(JOBS_CONTENT);
        assertThat(rows("select count(*) from jobs where scheduled_for is null")).containsExactly(List.of("3004"));

        asOwner(LATEST, MigrationSettings.DEFAULT).migrate();

        assertThat(rows(JOBS_CONTENT)).isEqualTo(jobs);
        assertThat(rows("select count(*) from jobs where scheduled_for is distinct from created_at")).containsExactly(List.of("0"));
        assertThat(rows("select attnotnull::text from pg_attribute where attrelid = 'jobs'::regclass and attname = 'scheduled_for'"))
                .containsExactly(List.of("true"));
        assertThat(rows("select conrelid::regclass::text, pg_get_constraintdef(oid) from pg_constraint where contype = 'p' and connamespace = 'public'::regnamespace"
                + " and conrelid::regclass::text not in ('tenants', 'flyway_schema_history') order by 1")).hasSize(10)
                .allSatisfy(key -> assertThat(key.get(1)).isEqualTo("PRIMARY KEY (tenant_id, id)"));
        assertThat(rows("select polname, pg_get_expr(polqual, polrelid) from pg_policy where polname like '%tenant_isolation'"))
                .hasSize(10).allSatisfy(policy -> assertThat(policy.get(1))
                        .isEqualTo("(tenant_id = (NULLIF(current_setting('app.current_tenant'::text, true), ''::text))::uuid)"));
        assertThat(rows("select polname from pg_policy where polname like '%backfill'")).isEmpty();
        assertThat(rows("select relname from pg_class where relname like '%tenant_id_id_idx'")).isEmpty();

        asOwner(LATEST, MigrationSettings.DEFAULT).rollback(asOwner(LATEST, MigrationSettings.DEFAULT).planRollback(3), false);

        assertThat(schemaOnly()).isEqualTo(v3);
        assertThat(rows(JOBS_CONTENT)).isEqualTo(jobs);
        // The filled times stay: a job due when it was created is what NULL meant.
        assertThat(rows("select count(*) from jobs where scheduled_for is distinct from created_at")).containsExactly(List.of("0"));
    }

    @Test
    void aRunStoppedByALockTimeoutIsRolledBackToExactlyV3OrFinishedByTheNextRun() throws SQLException {
        String v3 = atV3WithRows();
        try (Connection holder = database.open(); Statement s = holder.createStatement()) {
            holder.setAutoCommit(false);
            s.execute("lock table dead_letter_jobs in access share mode");
            assertThatThrownBy(() -> asOwner(LATEST, MigrationSettings.DEFAULT.withLockTimeout(Duration.ofMillis(300))).migrate())
                    .isInstanceOf(MigrationFailure.class)
                    .hasMessageContaining("tenant policy of dead_letter_jobs without a sub-select")
                    .hasMessageContaining("55P03");
            holder.rollback();
        }
        assertThat(rows("select count(*) from pg_policy where pg_get_expr(polqual, polrelid) not like '%SELECT%'"
                + " and polname like '%tenant_isolation'")).containsExactly(List.of("9"));

        asOwner(LATEST, MigrationSettings.DEFAULT).rollback(asOwner(LATEST, MigrationSettings.DEFAULT).planRollback(3), false);
        assertThat(snapshot()).isEqualTo(v3);

        asOwner(LATEST, MigrationSettings.DEFAULT).migrate();
        assertThat(rows("select count(*) from jobs where scheduled_for is null")).containsExactly(List.of("0"));
    }

    @Test
    void stepsAlreadyDoneAreSkippedAndAnInvalidIndexAnInterruptedBuildLeftIsBuiltAgain() throws SQLException {
        atV3WithRows();
        // Half of V4 done by an earlier run: the policies and the first two keys moved.
        SchemaMigration v4 = Migrations.all().get(3);
        try (Connection c = database.open()) {
            StepRunner.runEachCommitted(c, v4.up(MigrationSettings.DEFAULT).subList(0, 16), Duration.ofSeconds(5));
        }
        assertThat(rows("select pg_get_constraintdef(oid) from pg_constraint where conname in ('queues_pkey', 'jobs_pkey')"))
                .containsOnly(List.of("PRIMARY KEY (tenant_id, id)"));
        // A build of schedules' new key that failed half-way leaves its index INVALID, and on other columns.
        assertThatThrownBy(() -> execute("create unique index concurrently schedules_tenant_id_id_idx on schedules (tenant_id)"))
                .hasMessageContaining("could not create unique index");
        assertThat(rows("select indisvalid::text from pg_index where indexrelid = 'schedules_tenant_id_id_idx'::regclass"))
                .containsExactly(List.of("false"));

        asOwner(LATEST, MigrationSettings.DEFAULT).migrate();

        assertThat(rows("select pg_get_indexdef('schedules_pkey'::regclass)"))
                .containsExactly(List.of("CREATE UNIQUE INDEX schedules_pkey ON public.schedules USING btree (tenant_id, id)"));
        assertThat(rows("select count(*) from pg_index where not indisvalid")).containsExactly(List.of("0"));
        assertThat(rows("select count(*) from pg_constraint where contype = 'p' and connamespace = 'public'::regnamespace and pg_get_constraintdef(oid) = 'PRIMARY KEY (tenant_id, id)'"))
                .containsExactly(List.of("10"));
    }
}
