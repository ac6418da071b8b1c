package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.queueservice.schema.migrations.provision.TwoTenants;
import org.queueservice.schema.migrations.repair.Repair;

/** {@code repair}: a database whose history and catalog disagree brought back, each test from an empty schema. */
class RepairIT extends DatabaseIT {

    @AfterEach
    void reset() throws SQLException {
        resetSchema();
    }

    @Test
    void repairShowsWhatDriftedRestoresItAndADryRunChangesNothing() throws SQLException {
        migrations().migrate();
        String migrated = snapshot();
        execute("drop index jobs_claim_idx", "drop policy jobs_tenant_isolation on jobs", "alter table jobs no force row level security",
                "delete from rate_limiters where service_name = 'twilio'");
        String drifted = snapshot();

        Repair.Report dryRun = migrations().repair(true);

        assertThat(dryRun.historyRestored()).isEmpty();
        assertThat(dryRun.restored()).anyMatch(line -> line.startsWith("index jobs.jobs_claim_idx: CREATE INDEX jobs_claim_idx ON public.jobs"))
                .anyMatch(line -> line.startsWith("policy jobs.jobs_tenant_isolation: CREATE POLICY jobs_tenant_isolation ON jobs"))
                .contains("forced row-level security jobs: forced");
        assertThat(dryRun.seedRowsInserted()).containsExactly("seed rate_limiters for 4 providers: 1 row");
        assertThat(dryRun.notRestored()).isEmpty();
        assertThat(snapshot()).isEqualTo(drifted);

        Repair.Report repaired = migrations().repair(false);

        assertThat(repaired.restored()).isEqualTo(dryRun.restored());
        assertThat(repaired.seedRowsInserted()).isEqualTo(dryRun.seedRowsInserted());
        assertThat(snapshot()).isEqualTo(migrated);
        migrations().validate();
        assertThat(migrations().repair(false).changesAnything()).isFalse();
    }

    /** The wedge of the item 2: history holding only the last version, and no table at all. */
    @Test
    void repairBringsBackADatabaseWhoseHistoryLostItsFirstVersionsAndWhoseTablesAreGone() throws SQLException {
        migrations().migrate();
        String migrated = snapshot();
        execute("drop table dead_letter_jobs, alert_history, rate_limiters, idempotency_keys, queue_metrics, critical_jobs, "
                        + "rate_limits, schedules, jobs, queues, tenants", "drop function set_updated_at",
                "delete from flyway_schema_history where version in ('1', '2')");
        assertThatThrownBy(() -> migrations().validate()).isInstanceOf(MigrationFailure.class);

        Repair.Report report = migrations().repair(false);

        assertThat(report.historyRestored()).containsExactly("V1 Create queue tables", "V2 Enforce tenant isolation");
        assertThat(report.version()).isEqualTo(LATEST);
        assertThat(report.notRestored()).isEmpty();
        assertThat(snapshot()).isEqualTo(migrated);
        migrations().validate();
        assertThat(rows("select version from flyway_schema_history order by installed_rank"))
                .containsExactlyElementsOf(Migrations.all().stream().map(m -> List.of(m.getVersion().getVersion())).toList());
        assertThat(migrations().migrate().applied()).isEmpty();
    }

    @Test
    void repairRefusesAHistoryItCannotTrustAndChangesNothing() throws SQLException {
        assertThatThrownBy(() -> migrations().repair(false)).isInstanceOf(MigrationFailure.class)
                .hasMessage("repair refused: flyway_schema_history does not exist, so there is no applied version to restore; "
                        + "run migrate. Nothing was changed.");

        migrations().migrate();
        execute("drop index jobs_claim_idx", "update flyway_schema_history set checksum = checksum + 1 where version = '2'");

        assertThatThrownBy(() -> migrations().repair(false)).isInstanceOf(MigrationFailure.class)
                .hasMessage("repair refused: V2 Enforce tenant isolation as applied differs from the code (checksum); "
                        + "run validate for details. Nothing was changed.");
        assertThat(rows("select count(*) from pg_indexes where indexname = 'jobs_claim_idx'")).containsExactly(List.of("0"));
    }

    /**
     * Issue 20, item 10: the backfill of docs/changing-the-schema.md is a data step; repair of an unrelated dropped index must
     * not run it again over a job failed since.
     */
    @Test
    void repairNeverRunsADataStepAgain() throws SQLException {
        List<SchemaMigration> chain = new ArrayList<>(Migrations.all());
        chain.add(new MigrationGeneratorIT.HandWritten.V4__Backfill_job_errors());
        QueueSchemaMigrations withBackfill = new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT, chain);
        withBackfill.migrate();
        String migrated = snapshot();
        execute(TwoTenants.tenants(), "insert into jobs (tenant_id, queue, type, status) values ('" + TwoTenants.ACME
                + "', 'q', 'send', 'failed')", "drop index jobs_claim_idx");

        Repair.Report report = withBackfill.repair(false);

        assertThat(report.restored()).singleElement().asString().startsWith("index jobs.jobs_claim_idx: ");
        assertThat(rows("select error from jobs")).containsExactly(java.util.Arrays.asList((String) null));
        execute("delete from jobs", "delete from tenants where id in ('" + TwoTenants.ACME + "', '" + TwoTenants.GLOBEX + "')");
        assertThat(snapshot()).isEqualTo(migrated);
    }

    /** Issue 20, item 11: each of these used to be "Nothing to repair". */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "alter table jobs drop constraint jobs_status_check                                | constraint jobs.jobs_status_check",
        "alter table idempotency_keys drop constraint idempotency_keys_tenant_id_key_key    | constraint idempotency_keys.idempotency_keys_tenant_id_key_key",
        "alter table jobs drop constraint jobs_tenant_id_fkey                               | constraint jobs.jobs_tenant_id_fkey",
        // tenant_id's NOT NULL cannot be dropped since V4: the primary key (tenant_id, id) holds it
        "alter table jobs alter column queue drop not null                                  | column jobs.queue not null",
        "alter table jobs alter column status drop default                                  | column jobs.status default"})
    void repairRestoresWhatTheVersionHasBesidesIndexesAndPolicies(String drift, String object) throws SQLException {
        migrations().migrate();
        String migrated = snapshot();
        execute(drift);

        Repair.Report report = migrations().repair(false);

        assertThat(report.restored()).singleElement().asString().startsWith(object + ": ");
        assertThat(report.notRestored()).isEmpty();
        assertThat(migrations().repair(false).changesAnything()).isFalse();
        if (object.equals("constraint jobs.jobs_status_check")) {
            // PostgreSQL prints the CHECK it parses again with its casts moved; what it admits is the same
            assertThat(rows("select convalidated::text from pg_constraint where conname = 'jobs_status_check'")).containsExactly(List.of("true"));
            execute(TwoTenants.tenants());
            assertThatThrownBy(() -> execute("insert into jobs (tenant_id, queue, type, status) values ('" + TwoTenants.ACME
                    + "', 'q', 'send', 'lost')")).isInstanceOf(SQLException.class).hasMessageContaining("jobs_status_check");
        } else {
            assertThat(snapshot()).isEqualTo(migrated);
        }
    }

    @Test
    void repairNamesWhatOpensTenantsToEachOtherWithoutRemovingIt() throws SQLException {
        migrations().migrate();
        execute("create view jobs_report as select * from jobs", "grant select on jobs_report to queue_app");

        Repair.Report report = migrations().repair(false);

        assertThat(report.notRestored()).singleElement().asString()
                .startsWith("view jobs_report: breaks tenant isolation (QS213, ")
                .endsWith("); remove or revoke it by hand");
        assertThat(report.restored()).isEmpty();
        assertThat(rows("select count(*) from pg_views where viewname = 'jobs_report'")).containsExactly(List.of("1"));
    }

    /**
     * Issue 20 review, item 4: the grantee of a grant to restore was cut out of the catalog's text and pasted into
     * the REVOKE, and the catalog quoted an already quoted role name again: a role name that needs quoting (any
     * name PostgreSQL accepts is a valid --app-role) broke the repair, and a crafted one was SQL.
     */
    @Test
    void repairRestoresTheGrantsOfRolesWhoseNamesNeedQuoting() throws SQLException {
        String suffix = Long.toHexString(System.nanoTime());
        String application = "Queue App; drop table jobs; " + suffix;
        String maintenance = "Queue \"Ops\" " + suffix;
        var quoted = new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT
                .withRoles(new org.queueservice.schema.model.DatabaseRoles(application, maintenance)));
        try {
            quoted.migrate();
            String migrated = snapshot();
            execute("revoke update on jobs from \"" + application + "\"", "revoke all on queues from \"" + maintenance.replace("\"", "\"\"") + "\"");

            Repair.Report report = quoted.repair(false);

            assertThat(report.restored()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("grant "));
            assertThat(report.notRestored()).isEmpty();
            assertThat(snapshot()).isEqualTo(migrated);
            assertThat(quoted.repair(false).changesAnything()).isFalse();
        } finally {
            for (String role : List.of(application, maintenance)) {
                String identifier = "\"" + role.replace("\"", "\"\"") + "\"";
                if (!rows("select 1 from pg_roles where rolname = ?", role).isEmpty()) {
                    execute("drop owned by " + identifier, "drop role " + identifier);
                }
            }
        }
    }

    @Test
    void repairNamesWhatItCannotRestoreOnline() throws SQLException {
        migrations().migrate();
        execute("alter table jobs drop column error", "drop index jobs_claim_idx");

        Repair.Report report = migrations().repair(false);

        assertThat(report.notRestored()).containsExactly("column jobs.error: dropped, and its values with it; add it back by hand");
        assertThat(report.restored()).singleElement().asString().startsWith("index jobs.jobs_claim_idx: ");
    }
}
