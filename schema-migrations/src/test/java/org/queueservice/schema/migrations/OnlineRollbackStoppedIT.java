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
        assertThat(rows("select success::text from flyway_schema_history where version = ?", Integer.toString(NEXT)))
                .containsExactly(List.of("true"));
        assertThat(next.validate()).isEmpty();
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
