package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.INTEGER;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.generate.ModelComparison;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.SchemaModel;

/**
 * The drift check: a database migrated through the whole chain equals one built from the model, column
 * order aside. When someone edits the model without generating the version that goes with it, this fails
 * naming each differing object and the command that writes the missing version.
 */
class ModelMatchesMigrationsIT {

    @Test
    void theMigrationsBuildExactlyTheModel() {
        ModelComparison comparison = ModelComparison.of(QueueSchema.MODEL, Migrations.all());
        assertThat(comparison.differences()).as(comparison.driftReport()).isEmpty();
        assertThat(comparison.released().tables()).containsKeys("jobs", "rate_limiters", "tenants");
    }

    @Test
    void aModelEditWithoutItsMigrationIsReportedObjectByObjectWithTheCommandToRun() {
        SchemaModel edited = QueueSchema.MODEL
                .withTable("jobs", t -> t.withColumn(field(name("example_priority"), INTEGER.notNull().defaultValue(inline(0))))
                        .withoutIndex("jobs_stuck_idx"));

        ModelComparison comparison = ModelComparison.of(edited, Migrations.all());

        assertThat(comparison.differences()).containsExactly(
                "column jobs.example_priority: only in the model (integer NOT NULL DEFAULT 0)",
                "index jobs.jobs_stuck_idx: only in the migrations (CREATE INDEX jobs_stuck_idx ON public.jobs USING btree "
                        + "(tenant_id, started_at) WHERE ((status)::text = 'processing'::text))");
        assertThat(comparison.driftReport()).startsWith("The migrations do not build the model; 2 object(s) differ:")
                .endsWith("Generate the missing version with: mvn generate-sources -Dmigration=<Description> "
                        + "(docs/changing-the-schema.md), review it and commit it.");
    }
}
