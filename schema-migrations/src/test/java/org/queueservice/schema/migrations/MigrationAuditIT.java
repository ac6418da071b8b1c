package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.queueservice.schema.migrations.audit.AuditReport;
import org.queueservice.schema.migrations.audit.MigrationAudit;
import org.queueservice.schema.migrations.provision.ScratchDatabase;

/**
 * The audit passes a freshly migrated database, and each seeded fault, in a fresh database of its own,
 * is caught by the check that owns it and by the checks that depend on it, and by no other.
 */
class MigrationAuditIT extends DatabaseIT {

    @Test
    void aFreshlyMigratedDatabasePassesEveryCheckWithEvidence() {
        migrations().migrate();

        AuditReport report = new MigrationAudit(database.settings(), MigrationSettings.DEFAULT).run();

        assertThat(report.notPassed()).isEmpty();
        assertThat(report.passRate()).isEqualTo("100.0% (33/33 checks)");
        assertThat(report.results()).extracting(AuditReport.Result::id).containsExactly(
                "MIG1", "MIG2", "MIG3", "MIG4", "MIG5", "MIG6", "MIG7", "MIG8", "MIG9", "MIG10", "MIG11", "MIG12", "MIG13",
                "MIG14", "MIG15", "MIG16", "MIG17", "MIG18", "MIG19", "MIG20", "TEN1", "TEN2", "TEN3", "TEN4", "TEN5", "TEN6", "TEN7", "TEN8",
                "CTS1", "CTS2", "CTS3", "CTS4", "CTS5");
        assertThat(report.results()).allSatisfy(r -> assertThat(r.evidence()).as(r.id()).isNotEmpty());
        assertThat(report.result("MIG9").evidence()).anyMatch(e -> e.startsWith("jobs: jobs_claim_idx, tenant_id in Index Cond"));
        assertThat(report.result("MIG20").evidence()).anyMatch(e -> e.startsWith("rollback to V0 refused: rate_limiters (1 row), jobs (1 row), tenants (1 row)"));
        // Plain PostgreSQL distributes nothing: the Citus section says so and passes, all but CTS3, which holds anywhere.
        for (String id : List.of("CTS1", "CTS2", "CTS4", "CTS5")) {
            assertThat(report.result(id).evidence()).as(id).containsExactly("does not apply: " + database.name()
                    + " is not a Citus coordinator (no citus extension), so nothing is distributed");
        }
        assertThat(report.result("CTS3").evidence()).containsExactly("16 unique keys (primary keys included) of 10 tenant tables hold tenant_id");
        assertThat(report.markdown()).contains("| **Overall Pass Rate** | **100.0%** (33/33 checks) |",
                "## Section: Migration Structure", "## Section: Table Design", "## Section: Row-Level Security",
                "## Section: Data Seeding", "## Section: Migration Safety", "## Section: Tenancy", "## Section: Citus",
                "### MIG17: Idempotent operations\n| Status | **PASS** |", "Nothing to remediate");
    }

    /** In a fault's SQL and evidence: a login of the fault's database that is a member of queue_app only. */
    private static final String LOGIN = "{login}";

    /** A fault seeded into a freshly migrated database (SQL run as superuser) or into the migrations themselves. */
    record Fault(String name, List<String> sql, UnaryOperator<List<SchemaMigration>> migrations,
                 List<String> failing, String evidence) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Fault database(String name, String evidence, List<String> failing, String... sql) {
        return new Fault(name, List.of(sql), UnaryOperator.identity(), failing, evidence);
    }

    /** The real migrations with {@code replacement} in place of the version its name gives. */
    private static Fault code(String name, String evidence, List<String> failing, SchemaMigration replacement) {
        return new Fault(name, List.of(), all -> {
            List<SchemaMigration> changed = new ArrayList<>(all);
            changed.set(replacement.versionNumber() - 1, replacement);
            return changed;
        }, failing, evidence);
    }

    static Stream<Fault> faults() {
        return Stream.of(
                database("history table dropped", "no Flyway history table", List.of("MIG1", "MIG2", "MIG3"),
                        "drop table flyway_schema_history"),
                database("unknown version in history", "V7", List.of("MIG2"),
                        "insert into flyway_schema_history (installed_rank, version, description, type, script, installed_by, execution_time, success) "
                                + "values (99, '7', 'Unknown', 'JDBC', 'x', 'x', 0, true)"),
                database("V3 not applied", "V3 Seed rate limiters is not applied", List.of("MIG3"),
                        "delete from flyway_schema_history where version = '3'"),
                database("primary key dropped", "jobs: primary key is missing", List.of("MIG6"),
                        "alter table jobs drop constraint jobs_pkey"),
                database("tenant foreign key dropped", "alert_history: tenant foreign key is missing", List.of("MIG7", "TEN8"),
                        "alter table alert_history drop constraint alert_history_tenant_id_fkey"),
                database("column made nullable", "jobs.status is nullable", List.of("MIG8"),
                        "alter table jobs alter column status drop not null"),
                database("claim index dropped", "index jobs_claim_idx", List.of("MIG9"),
                        "drop index jobs_claim_idx"),
                database("updated_at trigger dropped", "trigger schedules_set_updated_at", List.of("MIG10", "TEN8"),
                        "drop trigger schedules_set_updated_at on schedules"),
                database("RLS disabled", "jobs: row-level security is disabled", List.of("MIG11", "TEN8"),
                        "alter table jobs disable row level security"),
                database("tenant policy dropped", "jobs: policy jobs_tenant_isolation is missing", List.of("MIG12", "TEN2", "TEN3"),
                        "drop policy jobs_tenant_isolation on jobs"),
                database("seed row deleted", "seed row twilio", List.of("MIG15"),
                        "delete from rate_limiters where service_name = 'twilio'"),
                database("FORCE removed", "critical_jobs: row-level security is not forced", List.of("TEN1", "TEN8"),
                        "alter table critical_jobs no force row level security"),
                database("text cast policy", "(tenant_id)::text = current_setting", List.of("TEN3", "TEN8"),
                        "drop policy jobs_tenant_isolation on jobs",
                        "create policy jobs_tenant_isolation on jobs using (tenant_id::text = current_setting('app.current_tenant', true)) "
                                + "with check (tenant_id::text = current_setting('app.current_tenant', true))"),
                database("policy without WITH CHECK", "jobs: tenant policy lacks WITH CHECK", List.of("TEN2"),
                        "drop policy jobs_tenant_isolation on jobs",
                        "create policy jobs_tenant_isolation on jobs using "
                                + "(tenant_id = nullif(current_setting('app.current_tenant', true), '')::uuid)"),
                database("setting-based bypass", "policy jobs_system_bypass reads a session setting", List.of("TEN4", "TEN8"),
                        "create policy jobs_system_bypass on jobs using (current_setting('app.is_system_user', true) = 'true')"),
                database("service role owns a table", "queue_app owns dead_letter_jobs", List.of("TEN5", "TEN8"),
                        "alter table dead_letter_jobs owner to queue_app"),
                database("global unique constraint", "queues: `CREATE UNIQUE INDEX queues_name_unique", List.of("MIG9", "TEN6", "TEN8", "CTS3"),
                        "alter table queues add constraint queues_name_unique unique (name)"),
                database("TRUNCATE granted to PUBLIC", "QS211 TRUNCATE on table jobs to PUBLIC", List.of("TEN8"),
                        "grant truncate on jobs to public"),
                database("view over jobs granted to the service role", "QS213 view jobs_report", List.of("TEN8"),
                        "create view jobs_report as select * from jobs", "grant select on jobs_report to queue_app"),
                database("a login with ALL on the tables, in the service role", "QS211 TRUNCATE on table jobs to " + LOGIN,
                        List.of("TEN8"), "grant all on all tables in schema public to " + LOGIN),
                database("global unique under a name adopt builds", "QS218 index idempotency_keys_key_not_null on idempotency_keys",
                        List.of("MIG9", "TEN6", "TEN8", "CTS3"), "alter table idempotency_keys add constraint idempotency_keys_key_not_null unique (key)"),
                database("BRIN index under the claim index's name", "QS218 index jobs_claim_idx on jobs", List.of("TEN8"),
                        "drop index jobs_claim_idx", "create index jobs_claim_idx on jobs using brin (created_at)"),
                // Citus does not count an INCLUDE column as part of the key: the index is unique by name alone, across tenants.
                database("unique key holding tenant_id only as an included column",
                        "queues: unique key queues_name_covering_idx does not hold tenant_id", List.of("MIG9", "TEN6", "TEN8", "CTS3"),
                        "create unique index queues_name_covering_idx on queues (name) include (tenant_id)"),
                // since V4 the primary key leads with tenant_id too: it goes back to (id), which MIG6, TEN8 and CTS3 also see
                database("no tenant-leading index", "rate_limiters: no index leads with tenant_id", List.of("MIG6", "MIG9", "TEN7", "TEN8", "CTS3"),
                        "alter table rate_limiters drop constraint rate_limiters_tenant_id_service_name_key",
                        "alter table rate_limiters drop constraint rate_limiters_pkey", "alter table rate_limiters add primary key (id)"),
                code("seed migration without down steps", "V3__Seed_rate_limiters_without_down has no down steps",
                        List.of("MIG4", "MIG5", "MIG16"), new FaultyMigrations.V3__Seed_rate_limiters_without_down()),
                code("down leaves RLS enabled", "no down step disables row-level security on jobs", List.of("MIG5", "MIG13"),
                        new FaultyMigrations.V2__Enforce_tenant_isolation_leaving_rls_on_jobs()),
                code("down leaves a policy", "no down step: drop policy if exists \"jobs_tenant_isolation\" on \"jobs\"",
                        List.of("MIG5", "MIG14"), new FaultyMigrations.V2__Enforce_tenant_isolation_leaving_a_policy()),
                code("non-idempotent create", "re-applying V1 failed: create table jobs", List.of("MIG17"),
                        new FaultyMigrations.V1__Create_queue_tables_with_a_plain_create()),
                code("non-idempotent migration outside a transaction", "V3__Seed_rate_limiters_outside_a_transaction does not "
                                + "run in a transaction, and `create index \"rate_limiters_scratch_idx\"", List.of("MIG18"),
                        new FaultyMigrations.V3__Seed_rate_limiters_outside_a_transaction()),
                code("down changes what up does not restore", "DEFAULT 7", List.of("MIG5"),
                        new FaultyMigrations.V2__Enforce_tenant_isolation_changing_a_default()),
                code("up gives a different result each time", "up, down to 0, up again: the catalog differs", List.of("MIG19"),
                        new FaultyMigrations.V3__Seed_rate_limiters_at_random()),
                code("down deletes tenants' rows", "rollback to V2 lost tenant rows without refusing", List.of("MIG20"),
                        new FaultyMigrations.V3__Seed_rate_limiters_deleting_every_row()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void eachSeededFaultIsCaughtByItsCheckAndItsDependentsOnly(Fault fault) throws SQLException {
        try (ScratchDatabase fresh = ScratchDatabase.create("audit_fault")) {
            List<SchemaMigration> migrations = fault.migrations().apply(Migrations.ALL);
            new QueueSchemaMigrations(fresh.settings(), MigrationSettings.DEFAULT, migrations).migrate();
            String login = fault.sql().stream().anyMatch(sql -> sql.contains(LOGIN)) ? fresh.loginAs("queue_app").user() : LOGIN;
            try (var c = fresh.open(); var s = c.createStatement()) {
                for (String sql : fault.sql()) {
                    s.execute(sql.replace(LOGIN, login));
                }
            }

            AuditReport report = new MigrationAudit(fresh.settings(), MigrationSettings.DEFAULT, migrations).run();

            assertThat(report.notPassed()).as("%s: %s", fault, report.results().stream().filter(r -> !r.passed())
                    .map(r -> r.id() + " " + r.evidence().get(0)).toList()).containsExactlyElementsOf(fault.failing());
            assertThat(report.results().stream().filter(r -> !r.passed()).flatMap(r -> r.evidence().stream()))
                    .as(report.markdown()).anyMatch(e -> e.contains(fault.evidence().replace(LOGIN, login)));
            assertThat(report.markdown()).contains("### " + fault.failing().get(0) + ": ", "## Remediation Priority\n\n### ");
        }
    }
}
