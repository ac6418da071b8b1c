package org.queueservice.schema.migrations.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.jooq.tools.json.ParseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.FaultyMigrations;
import org.queueservice.schema.migrations.review.ReviewReport.Hazard;
import org.queueservice.schema.model.SchemaStep;

/** {@code review --base}: versions new since a git revision, end to end on a throwaway repository. No database. */
class SchemaReviewGitTest {

    /** A next version's source: class annotations, up steps, and whether its steps commit one by one; {@code %s} is its class name. */
    static String version(String annotations, String steps, boolean online) {
        return """
                package org.queueservice.schema.migrations;

                import static org.jooq.impl.DSL.query;

                import java.util.List;

                import org.queueservice.schema.model.SchemaStep;

                %spublic final class %%s extends SchemaMigration {

                    @Override
                    public List<SchemaStep> up(MigrationSettings settings) {
                        return List.of(
                %s);
                    }

                    @Override
                    public List<SchemaStep> down(MigrationSettings settings) {
                        return List.of();
                    }

                    @Override
                    public boolean canExecuteInTransaction() {
                        return %s;
                    }
                }
                """.formatted(annotations, steps, !online);
    }

    /** The change of the "Done when": an index without CONCURRENTLY, a NOT NULL column without default, a ::text policy. */
    static final String RISKY = version("", """
                            SchemaStep.of("index by type", query("create index jobs_type_idx on jobs (type)")),
                            SchemaStep.of("a priority", query("alter table jobs add column priority integer not null")),
                            SchemaStep.of("reports", query("create policy jobs_reports on jobs for select to public "
                                    + "using (tenant_id::text = current_setting('app.current_tenant'))"))""", false);

    /** The same change written safely. */
    static final String SAFE = version("", """
                            OnlineDdl.dropIfInvalid(org.jooq.impl.DSL.name("jobs_type_idx")),
                            SchemaStep.of("index by type", query("create index concurrently if not exists jobs_type_idx on jobs (type)")).inAutocommit(),
                            SchemaStep.of("a priority", query("alter table jobs add column priority integer not null default 0")),
                            SchemaStep.of("reports", query("create policy jobs_reports on jobs for select to public "
                                    + "using (tenant_id = nullif(current_setting('app.current_tenant', true), '')::uuid)"))""", true);

    static final String ACCEPTED_DROP = version("""
            @AcceptsHazard(code = "QS110", reason = "jobs.error is no longer read since release 1.1")
            @AcceptsHazard(code = "QS101", reason = "a stale acceptance: this version builds no index")
            """, """
                            SchemaStep.of("drop jobs.error", query("alter table jobs drop column error"))""", false);

    @TempDir
    Path temp;

    private final String next = "V" + (Migrations.all().size() + 1) + "__Change";

    private ReviewReport review(String source) throws IOException {
        GitFixture git = GitFixture.withReleasedVersions(temp.resolve("repo"), false);
        List<SchemaMigration> chain = git.withNext(next, source.formatted(next), temp.resolve("build"));
        return new SchemaReview(chain, MigrationSettings.DEFAULT, git.root(), "main", null).run();
    }

    @Test
    void theRiskyChangeFailsNamingItsThreeHazardsOnTheirLines() throws IOException {
        ReviewReport report = review(RISKY);

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.codes()).containsExactly("QS101", "QS106", "QS206");
        String file = GitFixture.MIGRATIONS + next + ".java";
        assertThat(report.hazards()).extracting(Hazard::file).containsOnly(file);
        assertThat(report.hazards()).extracting(Hazard::line).containsExactly(
                lineOf(RISKY, "create index jobs_type_idx"), lineOf(RISKY, "add column priority"), lineOf(RISKY, "create policy jobs_reports"));
        assertThat(report.versions()).extracting(ReviewReport.VersionReview::name).containsExactly(next);
        List<String> annotations = report.github().lines().toList();
        assertThat(annotations).hasSize(4);
        assertThat(annotations.subList(0, 3)).allMatch(line -> line.matches("::error file=[^,:%]+,line=\\d+,title=QS\\d{3} [^:,]+::[^\\r\\n]+"));
        assertThat(annotations.get(0)).isEqualTo("::error file=" + file + ",line=" + lineOf(RISKY, "create index jobs_type_idx")
                + ",title=QS101 Index built without CONCURRENTLY on an existing table::index jobs_type_idx on jobs built without "
                + "CONCURRENTLY: SHARE lock, writes wait for the whole build. Instead: " + report.hazards().get(0).safeAlternative());
        assertThat(annotations.get(3)).isEqualTo("queue-schema review: Fails: 3 error(s), 0 warning(s), 0 accepted.");
    }

    /** A comment before the statement hides nothing: the index is found, on its own line, and fails the review. */
    @Test
    void aCommentPrefixedIndexFails() throws IOException {
        String source = version("", """
                            SchemaStep.of("why", query("-- why: reports filter by type\\ncreate index jobs_x on jobs (type)"))""", false);

        ReviewReport report = review(source);

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.hazards()).singleElement().satisfies(h -> {
            assertThat(h.code()).isEqualTo("QS101");
            assertThat(h.message()).isEqualTo("index jobs_x on jobs built without CONCURRENTLY: SHARE lock, writes wait for the whole build");
            assertThat(h.line()).isEqualTo(lineOf(source, "create index jobs_x"));
        });
    }

    /**
     * Each statement on its own line: before, a statement that names no object of its own (the DELETE) was put on the line
     * of its step's description, where the statement before it is written, and the second of two statements in one call
     * was never seen.
     */
    @Test
    void eachStatementIsAttributedToItsOwnLine() throws IOException {
        String source = version("", """
                            SchemaStep.of("index by type", query("create index jobs_type_idx on jobs (type)")),
                            SchemaStep.of("purge", query("update jobs set error = null where error = ''"),
                                    query("delete from jobs")),
                            SchemaStep.of("two in one call", query("alter table jobs add column note text; "
                                    + "create index jobs_note_idx on jobs (note)"))""", false);

        ReviewReport report = review(source);

        assertThat(report.hazards()).extracting(Hazard::code, Hazard::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("QS101", lineOf(source, "create index jobs_type_idx")),
                org.assertj.core.groups.Tuple.tuple("QS101", lineOf(source, "create index jobs_note_idx")),
                org.assertj.core.groups.Tuple.tuple("QS114", lineOf(source, "update jobs set error")),
                org.assertj.core.groups.Tuple.tuple("QS114", lineOf(source, "delete from jobs")),
                org.assertj.core.groups.Tuple.tuple("QS124", lineOf(source, "delete from jobs")));
        assertThat(report.versions().get(0).statements()).extracting(ReviewReport.StatementReview::number).containsExactly(1, 2, 3, 4, 5);
    }

    /** The two-release NOT NULL: the CHECK released NOT VALID at the base, VALIDATE and SET NOT NULL in the new version. */
    @Test
    void theTwoReleaseNotNullPatternPasses() throws IOException {
        GitFixture git = GitFixture.withReleasedVersions(temp.resolve("repo"), false);
        String released = "V" + (Migrations.all().size() + 1) + "__Error_check";
        String releasedSource = version("", """
                            SchemaStep.of("check", query("alter table jobs add constraint jobs_error_not_null check (error is not null) not valid"))""",
                false).formatted(released);
        List<SchemaMigration> chain = git.withNext(released, releasedSource, temp.resolve("build"));
        git.run("add", "-A");
        git.run("commit", "-q", "-m", "release the CHECK");
        String nextVersion = "V" + (Migrations.all().size() + 2) + "__Error_not_null";
        String nextSource = version("", """
                            SchemaStep.of("validate", query("alter table jobs validate constraint jobs_error_not_null")),
                            SchemaStep.of("not null", query("alter table jobs alter column error set not null")),
                            SchemaStep.of("drop the check", query("alter table jobs drop constraint jobs_error_not_null"))""", true)
                .formatted(nextVersion);
        git.write(GitFixture.MIGRATIONS + nextVersion + ".java", nextSource);
        chain.add(org.queueservice.schema.migrations.generate.MigrationCompiler.load(nextVersion, nextSource, temp.resolve("build2")));

        ReviewReport report = new SchemaReview(chain, MigrationSettings.DEFAULT, git.root(), "main", null).run();

        assertThat(report.versions()).extracting(ReviewReport.VersionReview::name).containsExactly(nextVersion);
        assertThat(report.codes()).isEmpty();
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void theSafeVersionOfTheSameChangePasses() throws IOException {
        ReviewReport report = review(SAFE);

        assertThat(report.exitCode()).isZero();
        assertThat(report.codes()).isEmpty();
        assertThat(report.markdown()).contains("**Passes**: 0 error(s), 0 warning(s), 0 accepted.",
                "| SHARE UPDATE EXCLUSIVE; scans every row | neither |");
    }

    @Test
    void anAcceptedHazardIsShownWithItsReasonAndDoesNotFail() throws IOException {
        ReviewReport report = review(ACCEPTED_DROP);

        assertThat(report.exitCode()).isZero();
        assertThat(report.hazards()).singleElement().satisfies(h -> {
            assertThat(h.code()).isEqualTo("QS110");
            assertThat(h.acceptedReason()).isEqualTo("jobs.error is no longer read since release 1.1");
        });
        assertThat(report.markdown()).contains("| QS110 | accepted error |", "**Accepted:** jobs.error is no longer read since release 1.1");
        assertThat(report.github()).startsWith("::notice file=");
        assertThat(report.notes()).containsExactly(
                "effects not traced: review with --url, whose server then holds the scratch database the versions are applied to",
                next + " accepts QS101 but the review found no QS101 hazard in it");
    }

    /**
     * V2 as a branch renders it that edited only the model code V2 renders from: the tenant condition of every
     * policy gains a debug switch. The source file is the released one; only the rendering differs.
     */
    static final class V2__Enforce_tenant_isolation extends FaultyMigrations.Altered {
        static final String TENANT = "cast(nullif(\"current_setting\"('app.current_tenant', true), '') as uuid))";

        V2__Enforce_tenant_isolation() {
            super(new org.queueservice.schema.migrations.V2__Enforce_tenant_isolation());
        }

        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return released.up(settings).stream().map(step -> new SchemaStep(step.description(), step.sql().stream()
                    .map(sql -> org.jooq.impl.DSL.query(sql.replace(TENANT, TENANT + " or current_setting('app.debug', true) = 'on'")))
                    .map(org.jooq.Query.class::cast).toList(), step.onlyIf(), step.autocommit(), step.dataAtRisk(), step.keptRows())).toList();
        }
    }

    @Test
    void aReleasedVersionThatRendersDifferentlyFailsNamingItsChangedStatements() throws IOException {
        GitFixture git = GitFixture.withReleasedVersions(temp.resolve("repo"), false);
        List<SchemaMigration> chain = Migrations.all().stream()
                .map(m -> m.versionNumber() == 2 ? (SchemaMigration) new V2__Enforce_tenant_isolation() : m).toList();

        ReviewReport report = new SchemaReview(chain, MigrationSettings.DEFAULT, git.root(), "main", null).run();

        assertThat(report.exitCode()).isEqualTo(1);
        assertThat(report.versions()).isEmpty();
        assertThat(report.codes()).containsExactly("QS230");
        Hazard changed = report.hazards().get(0);
        assertThat(changed.version()).isEqualTo(2);
        assertThat(changed.file()).isEqualTo(GitFixture.MIGRATIONS + "V2__Enforce_tenant_isolation.java");
        assertThat(changed.message()).startsWith("V2 renders differently from what main released (checksum " + chain.get(1).getChecksum()
                        + ", databases recorded " + Migrations.all().get(1).getChecksum() + "): statement ")
                .contains("is now `create policy \"jobs_tenant_isolation\" on \"jobs\" as permissive for all to public using "
                        + "(\"tenant_id\" = (select " + V2__Enforce_tenant_isolation.TENANT + " or current_setting('app.debug', true) = 'on')");
        long policies = Migrations.all().get(1).up(MigrationSettings.DEFAULT).stream().flatMap(s -> s.sql().stream())
                .filter(sql -> sql.contains("app.current_tenant")).count();
        assertThat(changed.message().split("; ")).hasSize((int) policies).allMatch(s -> s.contains("_tenant_isolation"));
        // the released V2 itself is no finding
        assertThat(new SchemaReview(Migrations.all(), MigrationSettings.DEFAULT, git.root(), "main", null).run().codes()).isEmpty();
    }

    @Test
    void theReleasedVersionsAgainstAnEmptyBaseHoldNoHazard() throws IOException {
        GitFixture git = GitFixture.withReleasedVersions(temp.resolve("repo"), true);
        for (SchemaMigration migration : Migrations.all()) {
            git.copyReleased(migration);
        }
        ReviewReport report = new SchemaReview(Migrations.all(), MigrationSettings.DEFAULT, git.root(), "main", null).run();

        assertThat(report.versions()).hasSize(Migrations.all().size());
        // V4's backfill is a DO block, which the review cannot read; and what Citus would refuse of the versions that run
        // before migrate places any table: V2's sub-select policies, V1's keys without tenant_id, V4's key swaps. Each
        // accepted by its version, with its reason.
        int tables = org.queueservice.schema.model.QueueSchema.TABLES.size();
        List<String> expected = new java.util.ArrayList<>(List.of("QS100 V4"));
        expected.addAll(java.util.Collections.nCopies(tables, "QS401 V2"));
        expected.addAll(java.util.Collections.nCopies(tables, "QS402 V1"));
        expected.addAll(java.util.Collections.nCopies(tables, "QS403 V4"));
        assertThat(report.findings()).allSatisfy(h -> assertThat(h.accepted()).as(h.code() + " accepted").isTrue())
                .extracting(h -> h.code() + " V" + h.version()).containsExactlyElementsOf(expected);
        assertThat(report.exitCode()).isZero();
    }

    @Test
    void theJsonReportParsesBackToTheSameHazards() throws IOException, ParseException {
        ReviewReport report = review(RISKY);

        Map<String, Object> json = ParsedJson.parse(report.json());
        assertThat(json.get("exitCode")).isEqualTo(1L);
        assertThat(json.get("base")).isEqualTo("main");
        List<Object> hazards = ParsedJson.array(json.get("hazards"));
        assertThat(hazards).extracting(h -> ParsedJson.object(h).get("code")).containsExactly("QS101", "QS106", "QS206");
        assertThat(ParsedJson.object(hazards.get(1)).get("message"))
                .isEqualTo("jobs.priority added NOT NULL without a default: fails on every existing row");
        Map<String, Object> version = ParsedJson.object(ParsedJson.array(json.get("versions")).get(0));
        Map<String, Object> statement = ParsedJson.object(ParsedJson.array(version.get("statements")).get(0));
        assertThat(ParsedJson.object(ParsedJson.array(statement.get("locks")).get(0))).containsEntry("table", "jobs").containsEntry("lock", "SHARE")
                .containsEntry("blocks", "writes").containsEntry("cost", "scans every row");
    }

    @Test
    void aShallowCloneOrAMissingRefCannotBeReviewed() throws IOException {
        GitFixture git = GitFixture.withReleasedVersions(temp.resolve("repo"), false);
        git.run("commit", "-q", "--allow-empty", "-m", "second");
        new GitFixture(temp).run("clone", "-q", "--depth", "1", "file://" + git.root(), temp.resolve("shallow").toString());

        assertThatThrownBy(() -> new SchemaReview(Migrations.all(), MigrationSettings.DEFAULT, temp.resolve("shallow"), "main", null).run())
                .isInstanceOf(MigrationFailure.class)
                .hasMessage("review --base main: " + temp.resolve("shallow").toRealPath() + " is a shallow clone, so main may be missing; "
                        + "fetch the full history (actions/checkout with fetch-depth: 0, or git fetch --unshallow)");
        assertThatThrownBy(() -> new SchemaReview(Migrations.all(), MigrationSettings.DEFAULT, git.root(), "no-such-branch", null).run())
                .isInstanceOf(MigrationFailure.class)
                .hasMessage("review --base no-such-branch: no such commit or branch in " + git.root().toRealPath()
                        + " (fetch it, or name an existing ref such as origin/main)");
    }

    static final String POJO = "generated-sources/src/main/java/org/queueservice/schema/generated/tables/pojos/Jobs.java";
    static final String TABLE = "generated-sources/src/main/java/org/queueservice/schema/generated/tables/Jobs.java";

    /** What the queue service compiles against: a removed getter, a constructor taking one more argument, a field's new type. */
    @Test
    void theApiImpactListsRemovedChangedAndAddedDeclarations() throws IOException {
        String pojo = """
                package org.queueservice.schema.generated.tables.pojos;

                public class Jobs implements Serializable {

                    public Jobs() {}

                    public Jobs(
                        UUID id,
                        String queue
                    ) {
                        this.id = id;
                    }

                    public String getQueue() {
                        return this.queue;
                    }
                }
                """;
        String table = """
                package org.queueservice.schema.generated.tables;

                public class Jobs extends TableImpl<JobsRecord> {
                    public final TableField<JobsRecord, Integer> ATTEMPTS = createField(DSL.name("attempts"), SQLDataType.INTEGER, this, "");
                }
                """;
        GitFixture git = GitFixture.withReleasedVersions(temp.resolve("repo"), false);
        git.write(POJO, pojo);
        git.write(TABLE, table);
        git.run("add", "-A");
        git.run("commit", "-q", "-m", "generated code");
        git.write(POJO, pojo.replace("String queue\n", "String queue,\n        Integer priority\n")
                .replace("public String getQueue() {\n        return this.queue;", "public Integer getPriority() {\n        return this.priority;"));
        git.write(TABLE, table.replace("Integer> ATTEMPTS", "Long> ATTEMPTS").replace("INTEGER, this", "BIGINT, this"));

        ReviewReport report = new SchemaReview(Migrations.all(), MigrationSettings.DEFAULT, git.root(), "main", null).run();

        assertThat(report.versions()).isEmpty();
        assertThat(report.api()).hasValueSatisfying(api -> {
            assertThat(api.removed()).containsExactly("tables.pojos.Jobs: public String getQueue()");
            assertThat(api.changed()).containsExactly(
                    "tables.Jobs: public final TableField<JobsRecord, Integer> ATTEMPTS -> tables.Jobs: public final TableField<JobsRecord, Long> ATTEMPTS",
                    "tables.pojos.Jobs: public Jobs(UUID id, String queue) -> tables.pojos.Jobs: public Jobs(UUID id, String queue, Integer priority)");
            assertThat(api.added()).containsExactly("tables.pojos.Jobs: public Integer getPriority()");
        });
        assertThat(report.markdown()).contains("**Removed (breaking)** (1)\n\n- `tables.pojos.Jobs: public String getQueue()`\n");
    }

    private static int lineOf(String source, String text) {
        List<String> lines = source.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(text);
    }
}
