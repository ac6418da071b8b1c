package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.BIGINT;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE;
import static org.jooq.impl.SQLDataType.UUID;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.generate.MigrationGenerator.GeneratedMigration;
import org.queueservice.schema.migrations.generate.MigrationGenerator;
import org.queueservice.schema.migrations.generate.ModelComparison;
import org.queueservice.schema.migrations.provision.TwoTenants;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.RateLimiterSeed.Provider;
import org.queueservice.schema.model.SchemaModel;
import org.queueservice.schema.model.TableConstraint;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.TableIndex;

/**
 * Every kind of model change, end to end: the next version is generated from today's model with one
 * change, compiled, and applied to a database at the current version holding two tenants' rows in every
 * table. Each shows that every row keeps its values, that the result equals the changed model, that
 * rolling the version back gives back the previous schema exactly, and that migrating again gives the
 * changed model again.
 */
class SchemaEvolutionIT extends DatabaseIT {

    private static final SchemaModel TODAY = QueueSchema.MODEL;

    @TempDir
    Path workDir;

    @AfterEach
    void reset() throws SQLException {
        resetSchema();
    }

    /** One change kind: the changed model, whether it is destructive, and what its rows must show after. */
    record Kind(String name, UnaryOperator<SchemaModel> change, boolean destructive) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind("add a table", m -> m.withTable(TableDefinition.tenantTable("example_widgets", "Widgets of a tenant.")
                        .withColumn(field(name("label"), VARCHAR(100).notNull()))
                        .withConstraint(new TableConstraint.Unique(name("example_widgets_tenant_id_label_key"), List.of(name("tenant_id"), name("label"))))
                        .withIndex(new TableIndex(name("example_widgets_created_at_idx"), List.of(TableDefinition.TENANT_ID, TableDefinition.CREATED_AT),
                                Optional.empty(), "newest widgets"))), false),
                new Kind("add a nullable column", m -> m.withTable("jobs", t -> t.withColumn(field(name("example_note"), CLOB))
                        .withColumnComment("example_note", "Free text for operators.")), false),
                new Kind("add a NOT NULL column with a constant default", m -> m.withTable("jobs",
                        t -> t.withColumn(field(name("example_priority"), INTEGER.notNull().defaultValue(inline(0))))), false),
                new Kind("drop a column", m -> m.withTable("dead_letter_jobs", t -> t.withoutColumn("original_job_id")), true),
                new Kind("drop a column with a default", m -> m.withTable("queues", t -> t.withoutColumn("config")), true),
                new Kind("widen a varchar", m -> m.withTable("queues", t -> t.withColumn("type", type -> VARCHAR(200).notNull())), false),
                new Kind("change a type with a rewrite", m -> m.withTable("queue_metrics",
                        t -> t.withColumn("waiting_count", type -> BIGINT.notNull().defaultValue(inline(0L)))), false),
                new Kind("set NOT NULL", m -> m.withTable("critical_jobs", t -> t.withColumn("idempotency_key", type -> VARCHAR(255).notNull())), false),
                new Kind("drop NOT NULL", m -> m.withTable("jobs", t -> t.withColumn("type", type -> VARCHAR(255))), false),
                new Kind("set a default", m -> m.withTable("jobs", t -> t.withColumn("queue",
                        type -> VARCHAR(255).notNull().defaultValue(inline("default")))), false),
                new Kind("drop a default", m -> m.withTable("jobs", t -> t.withColumn("max_attempts", type -> INTEGER.notNull())), false),
                new Kind("add a CHECK", m -> m.withTable("jobs", t -> t.withConstraint(new TableConstraint.Check(
                        name("jobs_max_attempts_limit_check"), field(name("max_attempts"), INTEGER).le(inline(100))))), false),
                new Kind("drop a CHECK", m -> m.withTable("jobs", t -> t.withoutConstraint("jobs_status_check")), false),
                new Kind("add a per-tenant unique", m -> m.withTable("dead_letter_jobs", t -> t.withConstraint(new TableConstraint.Unique(
                        name("dead_letter_jobs_tenant_id_original_job_id_key"), List.of(name("tenant_id"), name("original_job_id"))))), false),
                new Kind("drop a per-tenant unique", m -> m.withTable("schedules", t -> t.withoutConstraint("schedules_tenant_id_name_key")), false),
                new Kind("add an index", m -> m.withTable("jobs", t -> t.withIndex(new TableIndex(name("jobs_type_idx"),
                        List.of(TableDefinition.TENANT_ID, field(name("type"))), Optional.empty(), "jobs by type"))), false),
                new Kind("add a partial index", m -> m.withTable("jobs", t -> t.withIndex(new TableIndex(name("jobs_failed_idx"),
                        List.of(TableDefinition.TENANT_ID, TableDefinition.CREATED_AT.desc()),
                        Optional.of(field(name("status"), VARCHAR(50)).eq(inline("failed"))), "failed jobs, newest first"))), false),
                new Kind("drop an index", m -> m.withTable("dead_letter_jobs", t -> t.withoutIndex("dead_letter_jobs_created_at_idx")), false),
                new Kind("drop a partial index", m -> m.withTable("jobs", t -> t.withoutIndex("jobs_stuck_idx")), false),
                new Kind("change comments", m -> m.withTable("queues", t -> t.withComment("Queues of a tenant.")
                        .withColumnComment("tenant_id", "The tenant that owns the queue.")
                        .withColumnComment("updated_at", null)), false),
                new Kind("change a seed row", m -> m.withProviders(List.of(new Provider("stripe", 100, 20), new Provider("twilio", 10, 5),
                        new Provider("sendgrid", 50, 10), new Provider("solana_rpc", 25, 5))), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void upgradesADatabaseWithRowsKeepsThemAndRollsBackExactly(Kind kind) throws SQLException {
        SchemaModel changed = kind.change().apply(TODAY);
        migrations().migrate();
        execute(TwoTenants.rowsEverywhere().toArray(String[]::new));
        Map<String, String> before = objects();
        Map<String, Map<String, String>> rowsBefore = rowValues();

        GeneratedMigration generated = MigrationGenerator.generate(changed, Migrations.all(), "Test_change", kind.destructive())
                .orElseThrow();
        QueueSchemaMigrations next = withNext(generated, workDir);

        assertThat(next.migrate().applied()).as(generated.source()).containsExactly("V" + NEXT + " Test change");
        next.validate();
        assertThat(withoutRows(objects())).as(generated.source()).isEqualTo(withoutRows(modelObjects(changed)));
        assertRowsKept(rowsBefore, kind.destructive());

        next.rollback(next.planRollback(LATEST), kind.destructive());
        assertThat(kind.destructive() ? withoutRows(objects()) : objects()).as(generated.source())
                .isEqualTo(kind.destructive() ? withoutRows(before) : before);

        next.migrate();
        assertThat(withoutRows(objects())).isEqualTo(withoutRows(modelObjects(changed)));
        assertRowsKept(rowsBefore, kind.destructive());
    }

    private Map<String, String> objects() {
        try (Connection c = database.open()) {
            return SchemaCatalog.read(c).objects();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> modelObjects(SchemaModel model) {
        return ModelComparison.built(model).objects();
    }

    private static Map<String, String> withoutRows(Map<String, String> objects) {
        Map<String, String> kept = new TreeMap<>(objects);
        kept.keySet().removeIf(key -> key.startsWith("row "));
        return kept;
    }

    /** Every row of the two tenants in every table by id, as column -> value text (seed rows are the schema's). */
    private Map<String, Map<String, String>> rowValues() throws SQLException {
        Map<String, Map<String, String>> values = new TreeMap<>();
        for (String table : TwoTenants.tables()) {
            for (List<String> row : rows("select id::text, r.key, r.value from " + table + " t, jsonb_each_text(to_jsonb(t)) r "
                    + "where tenant_id in (?, ?)", TwoTenants.ACME, TwoTenants.GLOBEX)) {
                values.computeIfAbsent(table + " " + row.get(0), k -> new TreeMap<>()).put(row.get(1), row.get(2));
            }
        }
        return values;
    }

    /** Every row is still there with every value it had; a destructive change may only have dropped whole columns. */
    private void assertRowsKept(Map<String, Map<String, String>> before, boolean destructive) throws SQLException {
        Map<String, Map<String, String>> after = rowValues();
        assertThat(after.keySet()).containsExactlyInAnyOrderElementsOf(before.keySet());
        before.forEach((row, columns) -> columns.forEach((column, value) -> {
            if (!destructive || after.get(row).containsKey(column)) {
                assertThat(after.get(row)).as(row).containsEntry(column, value);
            }
        }));
    }
}
