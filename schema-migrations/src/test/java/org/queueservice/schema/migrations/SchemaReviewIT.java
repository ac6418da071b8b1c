package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.query;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.review.ReviewReport.Hazard;
import org.queueservice.schema.migrations.review.ReviewReport.TableEffect;
import org.queueservice.schema.migrations.review.ReviewReport;
import org.queueservice.schema.migrations.review.SchemaReview;
import org.queueservice.schema.model.SchemaStep;

/**
 * {@code review --url}: a next version reviewed against a migrated database holding two tenants' rows and a
 * few rows that break it, plus a hand-made index and an altered policy; the database is only read.
 */
class SchemaReviewIT extends DatabaseIT {

    /** Each statement breaks on the rows the test adds: NULL errors, many attempts, duplicate queues, long queue names. */
    static final class V99__Tighten_jobs extends Next {
        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return List.of(
                    SchemaStep.of("error required", query("alter table jobs alter column error set not null")),
                    SchemaStep.of("few attempts", query("alter table jobs add constraint jobs_few_attempts check (attempts < 5) not valid")),
                    SchemaStep.of("one job per queue", query(
                            "create unique index concurrently if not exists jobs_tenant_queue_key on jobs (tenant_id, queue)")).inAutocommit(),
                    SchemaStep.of("short queue names", query("alter table jobs alter column queue type varchar(10)")));
        }
    }

    /** The same unique index with its access method named, as pg_dump writes it: the key follows USING btree. */
    static final class V99__Unique_using_btree extends Next {
        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return List.of(SchemaStep.of("one job per queue", query(
                    "create unique index concurrently if not exists jobs_tenant_queue_key on jobs using btree (tenant_id, queue)")).inAutocommit());
        }
    }

    /** A change with no hazard of its own: whatever fails its review is the database's drift. */
    static final class V99__Add_job_note extends Next {
        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return List.of(SchemaStep.of("job note", query("alter table jobs add column note text")));
        }
    }

    /** A version after the released ones, run outside a transaction; its version is the next one, whatever its class name says. */
    abstract static class Next extends SchemaMigration {
        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return List.of();
        }

        @Override
        public boolean canExecuteInTransaction() {
            return false;
        }

        @Override
        public MigrationVersion getVersion() {
            return MigrationVersion.fromVersion(Integer.toString(NEXT));
        }
    }

    private ConnectionSettings owner;

    @BeforeAll
    void migrateWithRowsThatBreakTheNextVersion() throws SQLException {
        owner = migrateAsOwnerWithTwoTenants();
        execute("insert into jobs (tenant_id, queue, type, attempts) select tenant_id, 'reports-long-name', 'send', 7 from jobs",
                "insert into jobs (tenant_id, queue, type, attempts) select distinct tenant_id, 'reports-long-name', 'send', 7 from jobs",
                "analyze jobs",
                "create index jobs_by_hand on jobs (type)",
                "alter policy jobs_maintenance on jobs using (false)");
    }

    private ReviewReport review(ConnectionSettings as) {
        return review(as, new V99__Tighten_jobs());
    }

    private ReviewReport review(ConnectionSettings as, SchemaMigration next) {
        List<SchemaMigration> chain = new ArrayList<>(Migrations.all());
        chain.add(next);
        return new SchemaReview(chain, MigrationSettings.DEFAULT, Path.of("").toAbsolutePath(), null, as).run();
    }

    private long count(String sql) throws SQLException {
        return Long.parseLong(rows(sql).get(0).get(0));
    }

    @Test
    void dataChecksCountTheRowsThatBreakTheVersion() throws SQLException {
        ReviewReport report = review(database.settings());

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.versions()).extracting(ReviewReport.VersionReview::version).containsExactly(NEXT);
        assertThat(report.codes()).containsExactly("QS105", "QS108", "QS301", "QS302", "QS303", "QS304", "QS130");
        // the scratch database's two tenants' jobs have no error either: the version fails there too
        assertThat(report.hazards().get(6).message()).startsWith("statement 1 fails: ").contains("\"error\"", "23502");
        assertThat(report.hazards().stream().filter(h -> h.code().startsWith("QS3")).map(Hazard::message)).containsExactly(
                "jobs.error: " + count("select count(*) from jobs where error is null") + " rows are NULL",
                "jobs: " + count("select count(*) from jobs where attempts >= 5") + " rows break CHECK (attempts < 5) of jobs_few_attempts",
                "jobs (tenant_id, queue): " + count("select count(*) from (select 1 from jobs group by tenant_id, queue having count(*) > 1) d")
                        + " groups of rows share a key",
                "jobs.queue: " + count("select count(*) from jobs where length(queue) > 10") + " values do not fit varchar(10)");
        assertThat(count("select count(*) from (select 1 from jobs group by tenant_id, queue having count(*) > 1) d")).isEqualTo(2);
        assertThat(report.notes()).isEmpty();
    }

    @Test
    void theKeyOfAUniqueIndexIsFoundAfterItsAccessMethod() throws SQLException {
        ReviewReport report = review(database.settings(), new V99__Unique_using_btree());

        assertThat(report.codes()).containsExactly("QS303");
        assertThat(report.hazards()).extracting(Hazard::message).containsExactly("jobs (tenant_id, queue): "
                + count("select count(*) from (select 1 from jobs group by tenant_id, queue having count(*) > 1) d") + " groups of rows share a key");
    }

    @Test
    void eachStatementShowsItsTablesSizeAndHowLongItsLockIsHeld() throws SQLException {
        ReviewReport report = review(database.settings());

        TableEffect index = report.versions().get(0).statements().get(2).effects().get(0);
        assertThat(index.table()).isEqualTo("jobs");
        assertThat(index.lock()).isEqualTo("SHARE UPDATE EXCLUSIVE");
        assertThat(index.blocks()).isEqualTo("neither");
        assertThat(index.rowEstimate()).isEqualTo(count("select count(*) from jobs"));
        assertThat(index.bytes()).isEqualTo(count("select pg_total_relation_size('jobs')"));
        assertThat(index.lockHeld()).isEqualTo("under 1 s");
        TableEffect rewrite = report.versions().get(0).statements().get(3).effects().get(0);
        assertThat(rewrite.lock()).isEqualTo("ACCESS EXCLUSIVE");
        assertThat(rewrite.blocks()).isEqualTo("reads and writes");
        assertThat(rewrite.cost()).isEqualTo("rewrites the table and its indexes unless it widens a varchar or numeric");
    }

    @Test
    void driftNamesTheHandMadeIndexAndTheAlteredPolicy() {
        ReviewReport report = review(database.settings());

        assertThat(report.drift()).hasValueSatisfying(drift -> {
            assertThat(drift.appliedVersion()).isEqualTo(LATEST);
            assertThat(drift.differences()).hasSize(2);
            assertThat(drift.differences().get(0)).startsWith("index jobs.jobs_by_hand: only in " + database.name() + " (CREATE INDEX jobs_by_hand ON ");
            assertThat(drift.differences().get(1)).startsWith("policy jobs.jobs_maintenance: " + database.name() + " has `")
                    .contains("USING (false)");
        });
    }

    /** The hand-made index and the narrowed maintenance policy stay informational; FORCE lifted by hand fails the review. */
    @Test
    void driftThatWeakensIsolationFailsTheReviewNamingTheTable() throws SQLException {
        ReviewReport informational = review(database.settings(), new V99__Add_job_note());
        execute("alter table critical_jobs no force row level security");
        ReviewReport report;
        try {
            report = review(database.settings(), new V99__Add_job_note());
        } finally {
            execute("alter table critical_jobs force row level security");
        }

        assertThat(informational.exitCode()).isZero();
        assertThat(informational.drift()).hasValueSatisfying(drift -> assertThat(drift.differences()).hasSize(2));
        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.hazards()).isEmpty();
        assertThat(report.findings()).singleElement().satisfies(h -> {
            assertThat(h.code()).isEqualTo("QS210");
            assertThat(h.blocking()).isTrue();
            assertThat(h.message()).isEqualTo("drift of " + database.name() + " weakens isolation: FORCE ROW LEVEL SECURITY on "
                    + "critical_jobs: row-level security is not forced on critical_jobs: its owner " + owner.user() + " reads every tenant");
        });
        assertThat(report.markdown()).contains("**Fails**: 1 error(s)", "| QS210 | error | `drift` | drift of " + database.name()
                + " weakens isolation: FORCE ROW LEVEL SECURITY on critical_jobs");
        assertThat(report.github()).contains("::error title=QS210 Row-level security not enabled and forced on a tenant table::drift of ");
    }

    @Test
    void theReviewedDatabaseIsOnlyRead() throws SQLException {
        String before = snapshot();
        review(database.settings());
        assertThat(snapshot()).isEqualTo(before);
        assertThat(count("select count(*) from pg_database where datname like 'qs_review_drift_%' or datname like 'qs_review_trace_%'")).isZero();
        assertThat(count("select count(*) from pg_roles where rolname like 'qs_owner_qs_review_trace_%' or rolname like 'qs_login_qs_review_trace_%'")).isZero();
    }

    /** The owner login may not create databases: the note says what a CLI user can do, not how the tests find a server. */
    @Test
    void aLoginWithoutCreatedbGetsANoteOnDriftItCanActOn() {
        ReviewReport report = review(owner);

        assertThat(report.drift()).isEmpty();
        assertThat(report.notes()).filteredOn(n -> n.startsWith("drift")).singleElement().satisfies(note -> assertThat(note)
                .startsWith("drift not checked: " + owner.user() + " cannot create a scratch database on " + owner.url() + " (")
                .contains("permission denied to create database").endsWith("): give " + owner.user() + " CREATEDB there, or review with a login that has it")
                .doesNotContain("QUEUE_TEST_DB").doesNotContain("queue.test.db"));
    }

    /** The table owner under FORCE ROW LEVEL SECURITY cannot count every tenant's rows: said, not guessed. */
    @Test
    void aRoleBoundByRowLevelSecurityGetsNotesInsteadOfCounts() {
        ReviewReport report = review(owner);

        assertThat(report.codes()).containsExactly("QS105", "QS108");
        assertThat(report.notes()).filteredOn(n -> n.startsWith("QS3")).hasSize(4).allSatisfy(note -> assertThat(note)
                .matches("QS30[1-4] not checked: .*42501.*\\(counting every tenant's rows needs a role that bypasses row-level security\\)"));
    }
}
