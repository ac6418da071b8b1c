package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.generate.MigrationCompiler;
import org.queueservice.schema.migrations.generate.MigrationGenerator;
import org.queueservice.schema.migrations.generate.MigrationGenerator.GeneratedMigration;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.migrations.provision.TwoTenants;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.SchemaModel;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.TableConstraint;
import org.queueservice.schema.model.TableDefinition;

/**
 * Issue 20, item 7: an online version commits step by step, so it can stop after any of them (a duplicate
 * under a new unique, a lock timeout); validate then offers rollback, whose first down step used to fail
 * ({@code revoke ... on job_tags}, a table never created). The fault is injected by running the up steps
 * only up to each point in turn; the down steps must run from every such point and leave the schema as it was.
 */
class OnlineDownPathIT extends DatabaseIT {

    @TempDir
    Path workDir;

    @AfterEach
    void reset() throws SQLException {
        resetSchema();
    }

    @Test
    void everyDownStepRunsFromEveryPointTheUpStepsCanStopAt() throws SQLException {
        SchemaModel changed = QueueSchema.MODEL
                .withTable(TableDefinition.tenantTable("job_tags", "Tags of a tenant's jobs.")
                        .withColumn(field(name("label"), VARCHAR(100).notNull()))
                        .withConstraint(new TableConstraint.Unique(name("job_tags_tenant_id_label_key"), List.of(name("tenant_id"), name("label")))))
                .withTable("dead_letter_jobs", t -> t.withConstraint(new TableConstraint.Unique(
                        name("dead_letter_jobs_tenant_id_original_job_id_key"), List.of(name("tenant_id"), name("original_job_id")))))
                .withTable("critical_jobs", t -> t.withColumn("idempotency_key", type -> VARCHAR(255).notNull()));
        GeneratedMigration generated = MigrationGenerator.generate(changed, Migrations.all(), "Tag_jobs", false).orElseThrow();
        SchemaMigration next = MigrationCompiler.load(generated.className(), generated.source(), workDir);
        assertThat(next.canExecuteInTransaction()).as(generated.source()).isFalse();
        List<SchemaStep> up = next.up(MigrationSettings.DEFAULT);
        List<SchemaStep> down = next.down(MigrationSettings.DEFAULT);
        migrations().migrate();
        execute(TwoTenants.rowsEverywhere().toArray(String[]::new));
        SchemaCatalog before = catalog();

        for (int stop = 0; stop <= up.size(); stop++) {
            try (Connection c = database.open()) {
                StepRunner.runEachCommitted(c, up.subList(0, stop), MigrationSettings.DEFAULT.lockTimeout());
                StepRunner.runEachCommitted(c, down, MigrationSettings.DEFAULT.lockTimeout());
            } catch (StepRunner.StepFailedException e) {
                throw new AssertionError("stopped after " + stop + " of " + up.size() + " up steps ("
                        + (stop == 0 ? "none" : up.get(stop - 1).description()) + "), the down path failed: " + e.getMessage()
                        + "\n" + generated.source(), e);
            }
            assertThat(catalog().differencesFrom(before, "after the down path", "before the version"))
                    .as("stopped after %d of %d up steps (%s), then the down path", stop, up.size(),
                            stop == 0 ? "none" : up.get(stop - 1).description()).isEmpty();
        }
    }

    private SchemaCatalog catalog() throws SQLException {
        try (Connection c = database.open()) {
            return SchemaCatalog.read(c);
        }
    }
}
