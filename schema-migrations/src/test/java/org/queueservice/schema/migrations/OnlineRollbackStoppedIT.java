package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.generate.MigrationCompiler;
import org.queueservice.schema.migrations.generate.MigrationGenerator;
import org.queueservice.schema.migrations.generate.MigrationGenerator.GeneratedMigration;
import org.queueservice.schema.migrations.provision.TwoTenants;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.SchemaModel;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.TableIndex;

/**
 * Issue 20, item 6: an online version's down steps commit one by one, so a rollback can stop after some of them
 * committed. Here the generated next version adds a table, a column, an index and widens queues.type; its down
 * steps take the table's isolation off and drop it, drop the index and the column, then narrow queues.type, which a reader of queues stops at the
 * lock timeout. The rollback used to say "nothing was rolled back" and leave the version recorded as applied, so
 * validate passed and migrate was "up to date" on a schema that was not that version.
 */
class OnlineRollbackStoppedIT extends DatabaseIT {

    private static final SchemaModel CHANGED = QueueSchema.MODEL
            .withTable(TableDefinition.tenantTable("example_widgets", "Widgets of a tenant.")
                    .withColumn(field(name("label"), VARCHAR(100).notNull())))
            .withTable("jobs", t -> t.withColumn(field(name("example_note"), CLOB))
                    .withIndex(new TableIndex(name("jobs_type_idx"), List.of(TableDefinition.TENANT_ID, field(name("type"))),
                            Optional.empty(), "jobs by type")))
            .withTable("queues", t -> t.withColumn("type", type -> VARCHAR(200).notNull()));

    @TempDir
    Path workDir;

    private QueueSchemaMigrations next;
    /** The same chain with a lock timeout long enough for a test to act while a down step waits for a lock. */
    private QueueSchemaMigrations patient;
    private SchemaCatalog before;
    private SchemaCatalog applied;

    @BeforeEach
    void migrateTheNextVersionOverTwoTenants() throws SQLException {
        GeneratedMigration generated = MigrationGenerator.generate(CHANGED, Migrations.all(), "Next", false).orElseThrow();
        List<SchemaMigration> chain = new ArrayList<>(Migrations.all());
        chain.add(MigrationCompiler.load(generated.className(), generated.source(), workDir));
        assertThat(chain.get(chain.size() - 1).canExecuteInTransaction()).as(generated.source()).isFalse();
        assertThat(chain.get(chain.size() - 1).down(MigrationSettings.DEFAULT)).as(generated.source())
                .hasSize(5).extracting(step -> step.description()).last().isEqualTo("type of queues.type back to character varying(100)");
        next = new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT.withLockTimeout(Duration.ofMillis(300)), chain);
        patient = new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT.withLockTimeout(Duration.ofSeconds(5)), chain);
        migrations().migrate();
        execute(TwoTenants.rowsEverywhere().toArray(String[]::new));
        before = catalog();
        next.migrate();
        applied = catalog();
    }

    @AfterEach
    void reset() throws SQLException {
        resetSchema();
    }

    /** Rolls back to the latest released version while a reader holds queues, which only the last down step needs. */
    private void rollbackStoppedAtTheLastDownStep() throws SQLException {
        try (Connection reader = database.open()) {
            reader.setAutoCommit(false);
            reader.createStatement().execute("lock table queues in access share mode");

            assertThatThrownBy(() -> next.rollback(next.planRollback(LATEST), false)).isInstanceOf(MigrationFailure.class)
                    .hasMessage("rollback of V" + NEXT + " Next failed at down step 5 of 5: type of queues.type back to character "
                            + "varying(100): ERROR: canceling statement due to lock timeout [SQLSTATE 55P03]; its down steps 1 to 4 "
                            + "committed, so V" + NEXT + " Next is half rolled back, recorded as failed; no version was rolled back "
                            + "fully; " + database.name() + " is between version " + LATEST + " and " + NEXT + ": run rollback --to "
                            + LATEST + " again to finish, or migrate to apply V" + NEXT + " again.");

            reader.rollback();
        }
        // The steps before the one that failed did commit: the table and the column are gone, the type is still wide.
        assertThat(rows("select to_regclass('example_widgets') is null, to_regclass('jobs_type_idx') is null, "
                + "(select count(*) from information_schema.columns where table_name = 'jobs' and column_name = 'example_note'), "
                + "(select character_maximum_length from information_schema.columns where table_name = 'queues' and column_name = 'type')"))
                .containsExactly(List.of("t", "t", "0", "200"));
        assertThat(rows("select success::text, installed_by like 'rollback by %' from flyway_schema_history where version = ?",
                Integer.toString(NEXT))).containsExactly(List.of("false", "t"));
    }

    @Test
    void aRollbackStoppedAfterCommittedDownStepsSaysSoAndValidateNamesTheVersionHalfRolledBack() throws SQLException {
        rollbackStoppedAtTheLastDownStep();

        assertThatThrownBy(next::validate).isInstanceOf(MigrationFailure.class)
                .hasMessage("validate failed: V" + NEXT + " Next is half rolled back (its down steps commit one by one and one "
                        + "failed; rollback says why). Fix what it names, such as a lock held past the lock timeout, then run "
                        + "rollback --to " + LATEST + " to finish undoing it, or migrate to apply it again.");
        assertThat(next.info()).anySatisfy(line -> assertThat(line).startsWith("V" + NEXT + " ").contains("Failed"));
    }

    /** Issue 20 review, item 3: validate used to name only the failed version, hiding a changed one beside it. */
    @Test
    void validateNamesEveryOtherMismatchBesideAHalfRolledBackVersion() throws SQLException {
        rollbackStoppedAtTheLastDownStep();
        execute("update flyway_schema_history set checksum = checksum + 1 where version = '2'");

        assertThatThrownBy(next::validate).isInstanceOf(MigrationFailure.class)
                .hasMessageStartingWith("validate failed: V" + NEXT + " Next is half rolled back (its down steps commit one by one "
                        + "and one failed; rollback says why). Fix what it names, such as a lock held past the lock timeout, then run "
                        + "rollback --to " + LATEST + " to finish undoing it, or migrate to apply it again. Other problems: V2: "
                        + "Migration checksum mismatch for migration version 2 ")
                .hasMessageEndingWith("; the code of an applied version changed: restore it (a released version never changes; "
                        + "a schema change is a new version)")
                .message().doesNotContain("V" + NEXT + ": ");
    }

    @Test
    void migrateAppliesAHalfRolledBackVersionAgain() throws SQLException {
        rollbackStoppedAtTheLastDownStep();

        QueueSchemaMigrations.MigrationReport report = next.migrate();

        assertThat(report.applied()).containsExactly("V" + NEXT + " Next");
        assertThat(report.version()).isEqualTo(Integer.toString(NEXT));
        assertThat(catalog().differencesFrom(applied, "after migrate again", "after the first migrate")).isEmpty();
        assertThat(next.validate()).isEmpty();
    }

    @Test
    void rollbackAgainFinishesAHalfRolledBackVersion() throws SQLException {
        rollbackStoppedAtTheLastDownStep();

        QueueSchemaMigrations.RollbackResult result = next.rollback(next.planRollback(LATEST), false);

        assertThat(result.undone()).containsExactly("V" + NEXT + " Next");
        assertThat(catalog().differencesFrom(before, "after the second rollback", "before the version")).isEmpty();
        assertThat(rows("select count(*) from flyway_schema_history where version = ?", Integer.toString(NEXT)))
                .containsExactly(List.of("0"));
        assertThat(next.validate()).containsExactly("V" + NEXT);
    }

    @Test
    void aDownPathStoppedAtItsFirstStepChangedNothingAndSaysSo() throws SQLException {
        List<List<String>> recorded = rows("select success::text, installed_by, installed_on::text from flyway_schema_history "
                + "where version = ?", Integer.toString(NEXT));
        try (Connection reader = database.open()) {
            reader.setAutoCommit(false);
            // The first down step takes example_widgets' policies and grants off.
            reader.createStatement().execute("lock table example_widgets in access share mode");

            assertThatThrownBy(() -> next.rollback(next.planRollback(LATEST), false)).isInstanceOf(MigrationFailure.class)
                    .hasMessageStartingWith("rollback of V" + NEXT + " Next failed at down step 1 of 5: grants, policies and row-level "
                            + "security off on example_widgets: ")
                    .hasMessageEndingWith("lock timeout [SQLSTATE 55P03]; nothing was rolled back; " + database.name()
                            + " is at version " + NEXT + ".");

            reader.rollback();
        }
        // The row was marked half rolled back before the first down step, and is put back as it was.
        assertThat(rows("select success::text, installed_by, installed_on::text from flyway_schema_history where version = ?",
                Integer.toString(NEXT))).isEqualTo(recorded).extracting(row -> row.get(0)).containsExactly("true");
        assertThat(next.validate()).isEmpty();
    }

    /**
     * Issue 20 review, item 1: a failure that stops a down path often ends the connection too (an operator's
     * pg_terminate_backend, a restart, a network drop). The rollback used to mark the version only after the
     * failure, on that connection: the mark failed, the rollback said "nothing was rolled back" and the version
     * stayed recorded as applied on a schema between two versions.
     */
    @Test
    void aRollbackWhoseConnectionEndsAfterCommittedDownStepsLeavesTheVersionRecordedHalfRolledBack() throws Exception {
        try (Connection reader = database.open()) {
            reader.setAutoCommit(false);
            reader.createStatement().execute("lock table queues in access share mode");
            CompletableFuture<Void> rollback = CompletableFuture.runAsync(() -> patient.rollback(patient.planRollback(LATEST), false));
            execute("select pg_terminate_backend(" + backendWaitingForALock() + ")");

            assertThat(failureOf(rollback)).isInstanceOf(MigrationFailure.class)
                    .hasMessage("rollback of V" + NEXT + " Next failed at down step 5 of 5: type of queues.type back to character "
                            + "varying(100): FATAL: terminating connection due to administrator command [SQLSTATE 57P01]; its down "
                            + "steps 1 to 4 committed, so V" + NEXT + " Next is half rolled back, recorded as failed; no version was "
                            + "rolled back fully; " + database.name() + " is between version " + LATEST + " and " + NEXT + ": run "
                            + "rollback --to " + LATEST + " again to finish, or migrate to apply V" + NEXT + " again.");

            reader.rollback();
        }
        assertThat(rows("select success::text, installed_by like 'rollback by %' from flyway_schema_history where version = ?",
                Integer.toString(NEXT))).containsExactly(List.of("false", "t"));
        assertThatThrownBy(next::validate).isInstanceOf(MigrationFailure.class)
                .hasMessageStartingWith("validate failed: V" + NEXT + " Next is half rolled back ");

        assertThat(next.rollback(next.planRollback(LATEST), false).undone()).containsExactly("V" + NEXT + " Next");
        assertThat(catalog().differencesFrom(before, "after the second rollback", "before the version")).isEmpty();
        assertThat(next.validate()).containsExactly("V" + NEXT);
    }

    /**
     * When the connection ends at the first down step, which runs in a transaction, nothing was undone, but the
     * mark made before it cannot be taken back: the version stays recorded as half rolled back, which either way
     * out (rollback again, migrate) finishes.
     */
    @Test
    void aRollbackWhoseConnectionEndsAtTheFirstDownStepSaysTheVersionIsRecordedHalfRolledBack() throws Exception {
        try (Connection reader = database.open()) {
            reader.setAutoCommit(false);
            reader.createStatement().execute("lock table example_widgets in access share mode");
            CompletableFuture<Void> rollback = CompletableFuture.runAsync(() -> patient.rollback(patient.planRollback(LATEST), false));
            execute("select pg_terminate_backend(" + backendWaitingForALock() + ")");

            assertThat(failureOf(rollback)).isInstanceOf(MigrationFailure.class)
                    .hasMessageStartingWith("rollback of V" + NEXT + " Next failed at down step 1 of 5: grants, policies and row-level "
                            + "security off on example_widgets: FATAL: terminating connection due to administrator command [SQLSTATE "
                            + "57P01]; nothing of V" + NEXT + " Next was undone, but its history row, marked half rolled back before "
                            + "the first down step, could not be put back as it was (")
                    .hasMessageEndingWith("); no version was rolled back fully; " + database.name() + " is at version " + NEXT
                            + ", recorded as half rolled back: run rollback --to " + LATEST + " again to undo it, or migrate to apply V"
                            + NEXT + " again.");

            reader.rollback();
        }
        assertThatThrownBy(next::validate).hasMessageStartingWith("validate failed: V" + NEXT + " Next is half rolled back ");
        assertThat(next.migrate().applied()).containsExactly("V" + NEXT + " Next");
        assertThat(catalog().differencesFrom(applied, "after migrate again", "after the first migrate")).isEmpty();
        assertThat(next.validate()).isEmpty();
    }

    /**
     * Issue 20 review, item 2: once every down step committed, the schema is at the version below. A history
     * DELETE that then fails (here it waits for a row another session holds, bounded by the lock timeout, which the
     * earlier commits ended) used to be reported as "is at version N", and waited with no bound at all.
     */
    @Test
    void aRollbackThatCannotForgetTheVersionAfterItsDownStepsSaysItIsHalfRolledBack() throws Exception {
        try (Connection reader = database.open(); Connection historyReader = database.open()) {
            reader.setAutoCommit(false);
            historyReader.setAutoCommit(false);
            reader.createStatement().execute("lock table queues in access share mode");
            CompletableFuture<Void> rollback = CompletableFuture.runAsync(() -> patient.rollback(patient.planRollback(LATEST), false));
            backendWaitingForALock();
            historyReader.createStatement().execute("select * from flyway_schema_history where version = '" + NEXT + "' for update");
            reader.rollback();
            try {
                assertThat(failureOf(rollback)).isInstanceOf(MigrationFailure.class)
                        .hasMessage("rollback of V" + NEXT + " Next: its down steps all committed, but removing it from the history "
                                + "failed: ERROR: canceling statement due to lock timeout [SQLSTATE 55P03]; so V" + NEXT + " Next is "
                                + "half rolled back, recorded as failed; no version was rolled back fully; " + database.name() + " is "
                                + "between version " + LATEST + " and " + NEXT + ": run rollback --to " + LATEST + " again to finish, "
                                + "or migrate to apply V" + NEXT + " again.");
            } finally {
                historyReader.rollback();
                rollback.handle((done, failure) -> null).get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(catalog().differencesFrom(before, "after the rollback", "before the version")).isEmpty();
        assertThatThrownBy(next::validate).hasMessageStartingWith("validate failed: V" + NEXT + " Next is half rolled back ");
        assertThat(next.rollback(next.planRollback(LATEST), false).undone()).containsExactly("V" + NEXT + " Next");
        assertThat(next.validate()).containsExactly("V" + NEXT);
    }

    /** The backend of the one session of the test database that waits for a lock, once there is one. */
    private String backendWaitingForALock() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            List<List<String>> waiting = rows("select pid::text from pg_stat_activity where datname = current_database() "
                    + "and wait_event_type = 'Lock'");
            if (!waiting.isEmpty()) {
                assertThat(waiting).hasSize(1);
                return waiting.get(0).get(0);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no session of " + database.name() + " waited for a lock within 20 s");
    }

    /** What {@code run} failed with; it must fail within 30 s. */
    private static Throwable failureOf(CompletableFuture<Void> run) throws Exception {
        try {
            run.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("it did not fail");
    }

    @Test
    void aDownPathStoppedAtItsFirstStepLeavesAVersionThatHadStoppedHalfWayAsItWas() throws SQLException {
        // As Flyway records an online version whose up path stopped half-way.
        execute("update flyway_schema_history set success = false where version = '" + NEXT + "'");
        try (Connection reader = database.open()) {
            reader.setAutoCommit(false);
            reader.createStatement().execute("lock table example_widgets in access share mode");

            assertThatThrownBy(() -> next.rollback(next.planRollback(LATEST), false)).isInstanceOf(MigrationFailure.class)
                    .hasMessageStartingWith("rollback of V" + NEXT + " Next failed at down step 1 of 5: ")
                    .hasMessageEndingWith("lock timeout [SQLSTATE 55P03]; nothing of V" + NEXT + " Next was undone, and it stays "
                            + "recorded as failed, as it was; no version was rolled back fully; " + database.name() + " is between version "
                            + LATEST + " and " + NEXT + ": run rollback --to " + LATEST + " again to finish, or migrate to apply V"
                            + NEXT + " again.");

            reader.rollback();
        }
        assertThatThrownBy(next::validate).hasMessageStartingWith("validate failed: V" + NEXT + " Next stopped half-way ");
    }

    private SchemaCatalog catalog() throws SQLException {
        try (Connection c = database.open()) {
            return SchemaCatalog.read(c);
        }
    }
}
