package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.queueservice.schema.migrations.security.IsolationContract;
import org.queueservice.schema.migrations.security.SecuritySurface;
import org.queueservice.schema.migrations.security.SurfaceChange;

/**
 * The security surface of a fresh migration keeps the isolation contract, and each way of opening a tenant's rows
 * to another, applied to it in a transaction that is rolled back, is a violation of its own category naming the
 * object: on the database alone when the state itself breaks the contract, and as a change from the fresh surface.
 */
class IsolationContractIT extends DatabaseIT {

    private static final String TENANT = "tenant_id = (select nullif(current_setting('app.current_tenant', true), '')::uuid)";

    @BeforeAll
    void migrate() throws SQLException {
        migrateAsOwnerWithTwoTenants();
    }

    @Test
    void aFreshMigrationKeepsTheContractAsAnyLoginReadsIt() throws SQLException {
        SecuritySurface asService;
        try (Connection c = loginAs("queue_app").open()) {
            asService = SecuritySurface.read(c, MigrationSettings.DEFAULT);
        }
        SecuritySurface asSuperuser;
        try (Connection c = database.open()) {
            asSuperuser = SecuritySurface.read(c, MigrationSettings.DEFAULT);
        }

        assertThat(IsolationContract.violations(asService)).isEmpty();
        assertThat(asService.changesFrom(asSuperuser)).isEmpty();
        assertThat(asService.toString()).contains(
                "QS209 policy jobs_tenant_isolation on jobs: permissive for ALL to public using " + IsolationContract.TENANT_CONDITION
                        + " with check " + IsolationContract.TENANT_CONDITION,
                "QS209 policy jobs_maintenance on jobs: permissive for ALL to queue_maintenance using true with check true",
                "QS210 FORCE ROW LEVEL SECURITY on jobs: on",
                "QS211 SELECT on table jobs to queue_maintenance: granted",
                "QS216 trigger jobs_set_updated_at on jobs: set_updated_at, enabled",
                "QS217 tenant foreign key jobs_tenant_id_fkey on jobs: FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE RESTRICT",
                "QS218 index jobs_claim_idx on jobs: CREATE INDEX jobs_claim_idx ON public.jobs USING btree");
        assertThat(asService.toString()).doesNotContain("TRUNCATE on table jobs to queue_app");
    }

    /**
     * A state reached from the fresh migration by {@code sql}; {@code absolute} when the state alone breaks the contract
     * (false for what only a comparison can tell, e.g. a trigger removed).
     */
    record Opening(String name, String code, String object, boolean absolute, List<String> sql) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Opening opening(String name, String code, String object, String... sql) {
        return new Opening(name, code, object, true, List.of(sql));
    }

    private static Opening onlyAsChange(String name, String code, String object, String... sql) {
        return new Opening(name, code, object, false, List.of(sql));
    }

    static Stream<Opening> openings() {
        return Stream.of(
                opening("tenant policy OR true", "QS209", "policy jobs_tenant_isolation on jobs",
                        "alter policy jobs_tenant_isolation on jobs using (" + TENANT + " or true) with check (" + TENANT + " or true)"),
                opening("tenant policy <>", "QS209", "policy jobs_tenant_isolation on jobs",
                        "alter policy jobs_tenant_isolation on jobs using (tenant_id <> (select nullif(current_setting('app.current_tenant', true), '')::uuid))"),
                opening("tenant policy OR current_user", "QS209", "policy queues_tenant_isolation on queues",
                        "alter policy queues_tenant_isolation on queues using (" + TENANT + " or current_user = 'x')"),
                opening("policy (SELECT true) added", "QS209", "policy jobs_open on jobs",
                        "create policy jobs_open on jobs for select using ((select true))"),
                opening("maintenance policy granted to the service role", "QS209", "policy jobs_maintenance on jobs",
                        "alter policy jobs_maintenance on jobs to queue_maintenance, queue_app"),
                opening("insert policy without the tenant", "QS209", "policy jobs_anywhere on jobs",
                        "create policy jobs_anywhere on jobs for insert with check (tenant_id is not null)"),
                opening("FORCE removed", "QS210", "FORCE ROW LEVEL SECURITY on critical_jobs",
                        "alter table critical_jobs no force row level security"),
                opening("RLS disabled", "QS210", "ENABLE ROW LEVEL SECURITY on jobs", "alter table jobs disable row level security"),
                opening("TRUNCATE to PUBLIC", "QS211", "TRUNCATE on table jobs to PUBLIC", "grant truncate on jobs to public"),
                opening("TRUNCATE to the service role", "QS211", "TRUNCATE on table jobs to queue_app", "grant truncate on jobs to queue_app"),
                opening("a login with ALL, in the service role", "QS211", "TRUNCATE on table jobs to qs_contract_legacy",
                        "create role qs_contract_legacy login", "grant all on jobs to qs_contract_legacy",
                        "grant queue_app to qs_contract_legacy"),
                opening("column grant to PUBLIC", "QS211", "UPDATE on column jobs.tenant_id to PUBLIC",
                        "grant update (tenant_id) on jobs to public"),
                opening("service role owns a table", "QS211", "owner of table dead_letter_jobs",
                        "alter table dead_letter_jobs owner to queue_app"),
                opening("default TRUNCATE to the service role", "QS212", "default TRUNCATE on tables created by postgres to queue_app",
                        "alter default privileges grant truncate on tables to queue_app"),
                opening("view over jobs granted to the service role", "QS213", "view jobs_report",
                        "create view jobs_report as select * from jobs", "grant select on jobs_report to queue_app"),
                opening("security_barrier view over a view over jobs", "QS213", "view jobs_report_barrier",
                        "create view jobs_report as select * from jobs",
                        "create view jobs_report_barrier with (security_barrier) as select * from jobs_report",
                        "grant select on jobs_report_barrier to queue_app"),
                opening("materialized view over jobs", "QS213", "materialized view jobs_copy",
                        "create materialized view jobs_copy as select * from jobs", "grant select on jobs_copy to queue_app"),
                opening("SECURITY DEFINER function reading jobs", "QS214", "SECURITY DEFINER function all_jobs()",
                        "create function all_jobs() returns bigint language sql security definer as 'select count(*) from jobs'"),
                opening("rule on a tenant table", "QS215", "rule jobs_copy_rule on jobs",
                        "create table job_copies (id uuid)",
                        "create rule jobs_copy_rule as on insert to jobs do also insert into job_copies values (new.id)"),
                opening("DISABLE TRIGGER ALL", "QS216", "trigger (foreign-key triggers) on jobs", "alter table jobs disable trigger all"),
                onlyAsChange("trigger dropped", "QS216", "trigger jobs_set_updated_at on jobs", "drop trigger jobs_set_updated_at on jobs"),
                opening("tenant foreign key dropped", "QS217", "tenant foreign key on alert_history",
                        "alter table alert_history drop constraint alert_history_tenant_id_fkey"),
                opening("global unique on idempotency_keys.key", "QS218", "index idempotency_keys_tenant_id_key_key_2 on idempotency_keys",
                        "delete from idempotency_keys", "create unique index idempotency_keys_tenant_id_key_key_2 on idempotency_keys (key)"),
                onlyAsChange("BRIN index under the claim index's name", "QS218", "index jobs_claim_idx on jobs",
                        "drop index jobs_claim_idx", "create index jobs_claim_idx on jobs using brin (created_at)"),
                opening("service role with BYPASSRLS", "QS219", "role queue_app", "alter role queue_app bypassrls"),
                opening("service role in the maintenance role", "QS219", "queue_app member of queue_maintenance",
                        "grant queue_maintenance to queue_app"),
                opening("maintenance role with CREATEROLE", "QS219", "role queue_maintenance", "alter role queue_maintenance createrole"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("openings")
    void eachOpeningIsAViolationOfItsCategoryNamingItsObject(Opening opening) throws SQLException {
        try (Connection c = database.open()) {
            c.setAutoCommit(false);
            SecuritySurface before = SecuritySurface.read(c, MigrationSettings.DEFAULT);
            try (Statement s = c.createStatement()) {
                for (String sql : opening.sql()) {
                    s.execute(sql);
                }
            }
            SecuritySurface after = SecuritySurface.read(c, MigrationSettings.DEFAULT);
            c.rollback();

            List<SurfaceChange> changed = IsolationContract.violations(before, after);
            assertThat(changed).as(changed.toString()).isNotEmpty().allMatch(v -> v.code().equals(opening.code()));
            assertThat(changed).extracting(SurfaceChange::object).contains(opening.object());
            assertThat(after.changesFrom(before)).extracting(SurfaceChange::code).contains(opening.code());
            List<SurfaceChange> alone = IsolationContract.violations(after);
            if (opening.absolute()) {
                assertThat(alone).as(alone.toString()).isNotEmpty().allMatch(v -> v.code().equals(opening.code()));
                assertThat(alone).extracting(SurfaceChange::object).contains(opening.object());
            } else {
                assertThat(alone).isEmpty();
            }
        }
    }

    /**
     * A Citus coordinator stores the partial index's predicate as it deparsed it, {@code ARRAY[('completed'::varchar)::text,
     * ...]} for {@code (ARRAY['completed'::varchar, ...])::text[]}: the same index, no violation. Another predicate under
     * the name still is one.
     */
    @Test
    void thePartialIndexAsCitusDeparsesItIsTheSameIndexButAnotherPredicateIsNot() throws SQLException {
        try (Connection c = database.open()) {
            c.setAutoCommit(false);
            SecuritySurface before = SecuritySurface.read(c, MigrationSettings.DEFAULT);
            try (Statement s = c.createStatement()) {
                s.execute("drop index jobs_finished_idx");
                s.execute("create index jobs_finished_idx on jobs (tenant_id, completed_at) where ((status)::text = any "
                        + "(array[('completed'::character varying)::text, ('failed'::character varying)::text]))");
            }
            SecuritySurface deparsed = SecuritySurface.read(c, MigrationSettings.DEFAULT);
            try (Statement s = c.createStatement()) {
                s.execute("drop index jobs_finished_idx");
                s.execute("create index jobs_finished_idx on jobs (tenant_id, completed_at) where ((status)::text = any "
                        + "(array[('completed'::character varying)::text, ('pending'::character varying)::text]))");
            }
            SecuritySurface other = SecuritySurface.read(c, MigrationSettings.DEFAULT);
            c.rollback();

            assertThat(before.toString()).contains("QS218 index jobs_finished_idx on jobs: CREATE INDEX jobs_finished_idx ON public.jobs "
                    + "USING btree (tenant_id, completed_at) WHERE ((status)::text = ANY ((ARRAY['completed'::character varying, "
                    + "'failed'::character varying])::text[]))");
            assertThat(deparsed.toString()).contains("WHERE ((status)::text = ANY (ARRAY[('completed'::character varying)::text, "
                    + "('failed'::character varying)::text]))");
            assertThat(deparsed.changesFrom(before)).isEmpty();
            assertThat(IsolationContract.violations(before, deparsed)).isEmpty();
            assertThat(IsolationContract.violations(before, other)).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo("QS218");
                assertThat(v.object()).isEqualTo("index jobs_finished_idx on jobs");
                assertThat(v.description()).endsWith("now CREATE INDEX jobs_finished_idx ON public.jobs USING btree (tenant_id, "
                        + "completed_at) WHERE ((status)::text = ANY (ARRAY[('completed'::character varying)::text, "
                        + "('pending'::character varying)::text]))");
            });
        }
    }

    /**
     * A predicate holding a jsonb operator written {@code ?}: the surface is read all the same (a prepared statement
     * took the operator for a parameter, and every read of the surface failed), and the index is a change.
     */
    @Test
    void aPartialIndexWithAQuestionMarkOperatorIsReadAndCompared() throws SQLException {
        try (Connection c = database.open()) {
            c.setAutoCommit(false);
            SecuritySurface before = SecuritySurface.read(c, MigrationSettings.DEFAULT);
            try (Statement s = c.createStatement()) {
                s.execute("create index jobs_tagged_idx on jobs (tenant_id, id) where data ? 'tag'");
            }
            SecuritySurface after = SecuritySurface.read(c, MigrationSettings.DEFAULT);
            c.rollback();

            assertThat(after.changesFrom(before)).singleElement().satisfies(change -> {
                assertThat(change.object()).isEqualTo("index jobs_tagged_idx on jobs");
                assertThat(change.description()).contains("WHERE (data ? 'tag'::text)");
            });
        }
    }

    /** A restrictive policy only narrows: dropping one is allowed in a database that never had it, not as a change. */
    @Test
    void aRestrictivePolicyDroppedIsAViolationOnlyAsAChange() throws SQLException {
        try (Connection c = database.open()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("create policy jobs_pending_only on jobs as restrictive for select using (status = 'pending')");
            }
            SecuritySurface before = SecuritySurface.read(c, MigrationSettings.DEFAULT);
            try (Statement s = c.createStatement()) {
                s.execute("drop policy jobs_pending_only on jobs");
            }
            SecuritySurface after = SecuritySurface.read(c, MigrationSettings.DEFAULT);
            c.rollback();

            assertThat(IsolationContract.violations(before)).isEmpty();
            assertThat(IsolationContract.violations(after)).isEmpty();
            assertThat(IsolationContract.violations(before, after)).singleElement().satisfies(v -> {
                assertThat(v.code()).isEqualTo("QS209");
                assertThat(v.object()).isEqualTo("policy jobs_pending_only on jobs");
                assertThat(v.description()).startsWith("removed (was restrictive for SELECT to public using ((status)::text = 'pending'");
            });
        }
    }

    /** What keeps the contract passes, though the surface changed. */
    @Test
    void aCallerRightsViewAnIndexAndATenantPolicyOfANewNameAreNoViolation() throws SQLException {
        try (Connection c = database.open()) {
            c.setAutoCommit(false);
            SecuritySurface before = SecuritySurface.read(c, MigrationSettings.DEFAULT);
            try (Statement s = c.createStatement()) {
                s.execute("create view jobs_mine with (security_invoker = true) as select * from jobs");
                s.execute("grant select on jobs_mine to queue_app");
                s.execute("create index jobs_type_idx on jobs (tenant_id, type)");
                s.execute("create policy jobs_reads on jobs for select using (" + TENANT + ")");
                s.execute("create unique index queues_tenant_name_type on queues (tenant_id, name, type)");
            }
            SecuritySurface after = SecuritySurface.read(c, MigrationSettings.DEFAULT);
            c.rollback();

            assertThat(after.changesFrom(before)).extracting(SurfaceChange::object).containsExactlyInAnyOrder(
                    "view jobs_mine", "index jobs_type_idx on jobs", "policy jobs_reads on jobs",
                    "index queues_tenant_name_type on queues");
            assertThat(IsolationContract.violations(before, after)).isEmpty();
            assertThat(IsolationContract.violations(after)).isEmpty();
        }
    }
}
