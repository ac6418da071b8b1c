package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
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
        assertThat(dryRun.catalogRestored()).anyMatch(line -> line.startsWith("+ CREATE INDEX jobs_claim_idx ON public.jobs"))
                .anyMatch(line -> line.startsWith("+ CREATE POLICY jobs_tenant_isolation ON jobs"))
                .contains("+ ALTER TABLE jobs FORCE ROW LEVEL SECURITY;")
                .anyMatch(line -> line.startsWith("+ -- row ") && line.contains("twilio"))
                .allMatch(line -> line.startsWith("+ "));
        assertThat(snapshot()).isEqualTo(drifted);

        Repair.Report repaired = migrations().repair(false);

        assertThat(repaired.catalogRestored()).isEqualTo(dryRun.catalogRestored());
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
}
