package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.query;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.queueservice.schema.migrations.review.ReviewReport;
import org.queueservice.schema.migrations.review.SchemaReview;
import org.queueservice.schema.model.SchemaStep;

/**
 * The dangerous versions of issue 18, each reviewed on its own against a database at the latest release
 * holding two tenants' rows: each fails the review with the findings that explain why. The tenant
 * condition every released policy uses is {@link #TENANT}.
 */
class DangerousChangesReviewIT extends DatabaseIT {

    static final String TENANT = "tenant_id = (select nullif(current_setting('app.current_tenant', true), '')::uuid)";

    /** A hand-written next version: {@code sql}, one statement per step, in one transaction unless {@code online}. */
    static final class V99__Dangerous extends SchemaMigration {
        private final String name;
        private final boolean online;
        private final List<String> sql;

        V99__Dangerous(String name, boolean online, String... sql) {
            this.name = name;
            this.online = online;
            this.sql = List.of(sql);
        }

        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return sql.stream().map(s -> online ? SchemaStep.of(name, query(s)).inAutocommit() : SchemaStep.of(name, query(s))).toList();
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return List.of();
        }

        @Override
        public boolean canExecuteInTransaction() {
            return !online;
        }

        @Override
        public MigrationVersion getVersion() {
            return MigrationVersion.fromVersion(Integer.toString(NEXT));
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static SchemaMigration version(String name, boolean online, String... sql) {
        return new V99__Dangerous(name, online, sql);
    }

    static SchemaMigration tenantPolicy(String name, String condition) {
        return version(name, false, "alter policy jobs_tenant_isolation on jobs using (" + condition + ") with check (" + condition + ")");
    }

    /** Each dangerous version and the codes its review must hold. QS1xx from 115 up are the statement rules, QS209..QS219 the security surface. */
    static Stream<Arguments> dangerousVersions() {
        return Stream.of(
                Arguments.of(tenantPolicy("policy OR true", TENANT + " or true"), List.of("QS209", "QS220")),
                Arguments.of(tenantPolicy("policy <>", TENANT.replace(" = ", " <> ")), List.of("QS209", "QS220")),
                Arguments.of(tenantPolicy("policy OR current_user", TENANT + " or current_user = 'x'"), List.of("QS209")),
                Arguments.of(tenantPolicy("policy IS NOT NULL OR", "tenant_id is not null or " + TENANT), List.of("QS209", "QS220")),
                Arguments.of(tenantPolicy("policy (SELECT true)", "(select true)"), List.of("QS209", "QS220")),
                Arguments.of(version("maintenance policy to queue_app", false, "alter policy jobs_maintenance on jobs to queue_maintenance, queue_app"),
                        List.of("QS209", "QS220")),
                Arguments.of(version("SECURITY DEFINER function over jobs", false,
                        "create function every_job() returns setof jobs language sql security definer as 'select * from jobs'"),
                        List.of("QS214", "QS220")),
                Arguments.of(version("view over jobs", false, "create view all_jobs as select * from jobs",
                        "grant select on all_jobs to queue_app"), List.of("QS213", "QS220")),
                Arguments.of(version("security_barrier view over jobs", false,
                        "create view all_jobs with (security_barrier) as select * from jobs", "grant select on all_jobs to queue_app"),
                        List.of("QS213", "QS220")),
                Arguments.of(version("materialized view over jobs", false, "create materialized view all_jobs as select * from jobs",
                        "grant select on all_jobs to queue_app"), List.of("QS213", "QS220")),
                Arguments.of(version("default privileges", false, "alter default privileges grant truncate on tables to queue_app"),
                        List.of("QS212")),
                Arguments.of(version("rule on jobs", false, "create rule jobs_kept as on delete to jobs do instead nothing"), List.of("QS215")),
                Arguments.of(version("truncate jobs", false, "truncate jobs"), List.of("QS118", "QS131")),
                Arguments.of(version("delete from jobs", false, "delete from jobs"), List.of("QS124", "QS131")),
                Arguments.of(version("update every job", false, "update jobs set attempts = 0"), List.of("QS124", "QS134")),
                Arguments.of(version("jobs unlogged", false, "alter table jobs set unlogged"), List.of("QS121")),
                Arguments.of(version("triggers disabled", false, "alter table jobs disable trigger all"), List.of("QS126", "QS130")),
                Arguments.of(version("replication role", false, "set session_replication_role = replica"), List.of("QS125", "QS130")),
                Arguments.of(version("vacuum full", true, "vacuum full jobs"), List.of("QS115")),
                Arguments.of(version("lock across a sleep", false, "lock table jobs in access exclusive mode", "select pg_sleep(1)"),
                        List.of("QS127")),
                Arguments.of(version("drop function cascade", false, "drop function set_updated_at() cascade"),
                        List.of("QS128", "QS216")),
                Arguments.of(version("tenant foreign key dropped", false, "alter table jobs drop constraint jobs_tenant_id_fkey"),
                        List.of("QS217")),
                Arguments.of(version("global unique index", true, "create unique index concurrently jobs_queue_key on jobs (queue)"),
                        List.of("QS218", "QS130")));
    }

    @BeforeAll
    void migrateWithTwoTenants() throws SQLException {
        migrateAsOwnerWithTwoTenants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dangerousVersions")
    void eachDangerousVersionFailsTheReviewWithTheFindingThatExplainsIt(SchemaMigration next, List<String> codes) {
        List<SchemaMigration> chain = new ArrayList<>(Migrations.all());
        chain.add(next);
        long start = System.nanoTime();
        ReviewReport report = new SchemaReview(chain, MigrationSettings.DEFAULT, Path.of("").toAbsolutePath(), null, database.settings()).run();
        System.out.printf("review of %s: %d ms%n%s%n", next, (System.nanoTime() - start) / 1_000_000, report.markdown());

        assertThat(report.exitCode()).as(report.markdown()).isEqualTo(1);
        assertThat(report.codes()).as(report.markdown()).containsAll(codes);
    }
}
