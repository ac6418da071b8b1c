package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.adopt.AdoptionPlan;
import org.queueservice.schema.migrations.audit.AuditReport;
import org.queueservice.schema.migrations.audit.MigrationAudit;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.provision.ScratchDatabase;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.SqlRenderer;
import org.queueservice.schema.model.TableDefinition;

/** adopt on a database built by the original Knex migration: the result, the rows, the refusals. */
class AdoptIT extends DatabaseIT {

    @BeforeEach
    void emptySchema() throws SQLException {
        resetSchema();
        execute("drop table if exists flyway_schema_history");
    }

    @Test
    void theAdoptedDatabaseEqualsAFreshMigrationAndHasTheSameHistory() throws SQLException {
        KnexDatabase.load(database.settings(), KnexDatabase.TENANTS_SERVICE, KnexDatabase.KNEX_BASELINE);

        QueueSchemaMigrations.MigrationReport report = migrations().adopt();

        assertThat(report.version()).isEqualTo(Integer.toString(LATEST));
        try (ScratchDatabase fresh = ScratchDatabase.create("adopt_fresh")) {
            KnexDatabase.load(fresh.settings(), KnexDatabase.TENANTS_SERVICE);
            new QueueSchemaMigrations(fresh.settings(), MigrationSettings.DEFAULT).migrate();
            String history = "select installed_rank, version, description, type, script, checksum, success "
                    + "from flyway_schema_history order by installed_rank";
            try (Connection adopted = database.open(); Connection migrated = fresh.open()) {
                SchemaCatalog a = KnexDatabase.catalogWithoutKnexTables(adopted);
                SchemaCatalog b = KnexDatabase.catalogWithoutKnexTables(migrated);
                assertThat(a.differencesFrom(b, "adopted", "migrated")).isEmpty();
                assertThat(rows(adopted, history)).isEqualTo(rows(migrated, history)).hasSize(LATEST + 1);
            }
        }
        migrations().validate();
        assertThat(migrations().info()).hasSize(LATEST + 1).allMatch(line -> line.contains("Success") || line.contains("Baseline"));
        assertThat(rows("select count(*) from knex_migrations_queue")).containsExactly(List.of("1"));
    }

    @Test
    void theAdoptedDatabaseAuditsAtOneHundredPercent() throws SQLException {
        KnexDatabase.load(database.settings(), KnexDatabase.TENANTS_SERVICE, KnexDatabase.KNEX_BASELINE, KnexDatabase.KNEX_ROWS);
        migrations().adopt();

        AuditReport report = new MigrationAudit(database.settings(), MigrationSettings.DEFAULT).run();

        assertThat(report.notPassed()).isEmpty();
        assertThat(report.passRate()).isEqualTo("100.0% (33/33 checks)");
    }

    @Test
    void everyRowKeepsEveryValueAndOnlyNullCountersBecomeTheirDefault() throws SQLException {
        KnexDatabase.load(database.settings(), KnexDatabase.TENANTS_SERVICE, KnexDatabase.KNEX_BASELINE, KnexDatabase.KNEX_ROWS);
        Map<String, List<String>> expected = rowsAsJson(true);
        List<List<String>> tenants = rows("select (to_jsonb(t))::text from tenants t order by 1");
        List<List<String>> scheduledBefore = rows("select id::text, scheduled_for::text from jobs where scheduled_for is not null order by 1");
        List<String> unscheduled = rows("select id::text from jobs where scheduled_for is null").stream().map(r -> r.get(0)).toList();

        migrations().adopt();

        assertThat(rowsAsJson(false)).isEqualTo(expected);
        assertThat(unscheduled).isNotEmpty();
        assertThat(rows("select id::text, scheduled_for::text from jobs order by 1").stream().filter(r -> !unscheduled.contains(r.get(0))))
                .as("a job's time is kept; a NULL one (due at once) becomes the time of the adoption").isEqualTo(scheduledBefore);
        assertThat(rows("select count(*) from jobs where id::text = any(?) and scheduled_for between now() - interval '1 hour' and now()",
                (Object) unscheduled.toArray(String[]::new))).containsExactly(List.of(Integer.toString(unscheduled.size())));
        assertThat(expected.values().stream().mapToInt(List::size).sum()).isEqualTo(28);
        assertThat(rows("select (to_jsonb(t))::text from tenants t order by 1")).isEqualTo(tenants);
        assertThat(rows("select count(*), count(distinct id), count(id) from rate_limiters")).containsExactly(List.of("6", "6", "6"));
        assertThat(rows("select max_concurrent, tokens_available from rate_limiters where service_name = 'stripe'"))
                .containsExactly(List.of("25", "80.50"));
        assertThat(rows("select pending_count, processing_count, failed_count, active, config::text from queues where name = 'globex-mail'"))
                .containsExactly(List.of("0", "0", "0", "t", "{}"));
    }

    @Test
    void anAdoptedAFreshAndAnUnrelatedDatabaseAreRefusedUnchanged() throws SQLException {
        assertThatThrownBy(() -> migrations().planAdoption()).isInstanceOf(MigrationFailure.class)
                .hasMessage("adopt refused: " + database.name() + " holds no queue tables and no knex_migrations_queue: nothing "
                        + "to adopt; use migrate to create the schema. Nothing was changed.");

        execute("create table queues (id uuid primary key, name text)");
        assertThatThrownBy(() -> migrations().planAdoption()).isInstanceOf(MigrationFailure.class)
                .hasMessage("adopt refused: " + database.name() + " is not a queue database built by the original Knex migration "
                        + "(it has queue tables but no knex_migrations_queue). Nothing was changed.");

        resetSchema();
        KnexDatabase.load(database.settings(), KnexDatabase.TENANTS_SERVICE, KnexDatabase.KNEX_BASELINE);
        migrations().adopt();
        assertThatThrownBy(() -> migrations().adopt()).isInstanceOf(MigrationFailure.class)
                .hasMessage("adopt refused: " + database.name() + " is adopted already (flyway_schema_history is at version "
                        + LATEST + ", nothing pending); use migrate, validate and info. Nothing was changed.");
    }

    @Test
    void aSchemaThatDiffersFromTheOriginalInWaysAdoptDoesNotKnowIsRefusedNamingEachDifference() throws SQLException {
        KnexDatabase.load(database.settings(), KnexDatabase.TENANTS_SERVICE, KnexDatabase.KNEX_BASELINE);
        execute("alter table jobs add column priority integer", "alter table queues alter column type type text",
                "alter table jobs alter column error set not null",
                "create index jobs_by_error on jobs (error)", "create index jobs_error_index on jobs (error) where error is not null",
                "create policy is_system on jobs using (current_setting('app.is_system_user', true) = 'true')",
                "alter table schedules drop constraint schedules_tenant_id_foreign",
                "alter table schedules add constraint schedules_tenant_id_foreign foreign key (tenant_id) references tenants (id) on delete cascade");
        String before = snapshot();

        assertThatThrownBy(() -> migrations().adopt()).isInstanceOf(MigrationFailure.class)
                .hasMessage("adopt refused: " + database.name() + " differs from the schema of the original Knex migration in ways "
                        + "adopt does not know: column queues.type is text, the original's is character varying(100); "
                        + "column jobs.error is NOT NULL, the original's allows NULL; column jobs.priority is not in the original schema; index jobs_by_error on jobs is not the original's; "
                        + "index jobs_error_index on jobs is not the original's; "
                        + "policy is_system on jobs is not the original's; constraint schedules.schedules_tenant_id_foreign is "
                        + "`FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE`, the original's is "
                        + "`FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE RESTRICT`. Nothing was changed.");
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void theDryRunPrintsEveryStatementWithItsLockAndChangesNothing() throws SQLException {
        KnexDatabase.load(database.settings(), KnexDatabase.TENANTS_SERVICE, KnexDatabase.KNEX_BASELINE, KnexDatabase.KNEX_ROWS);
        String before = snapshot();

        AdoptionPlan plan = migrations().planAdoption();

        assertThat(plan.state()).isEqualTo("built by the original Knex migration");
        assertThat(plan.findings()).isEmpty();
        assertThat(plan.script())
                .contains("-- SHARE UPDATE EXCLUSIVE on jobs: reads and writes go on during the two scans of CONCURRENTLY")
                .contains("create index concurrently if not exists \"jobs_claim_idx\" on \"jobs\"")
                .contains("-- NULL config, active, pending_count, processing_count, completed_count, failed_count of queues to their "
                        + "defaults: 1 NULL in config, 1 NULL in active, 1 NULL in pending_count, 1 NULL in processing_count, "
                        + "0 NULL in completed_count, 1 NULL in failed_count\n")
                .contains("drop policy if exists \"tenant_isolation_policy\" on \"jobs\"")
                .contains("drop index concurrently if exists \"jobs_queue_index\"")
                .contains("alter table \"rate_limiters\" drop constraint if exists \"rate_limiters_pkey\", add constraint \"rate_limiters_pkey\" "
                        + "primary key using index \"rate_limiters_pkey_adopted\"");
        assertThat(snapshot()).isEqualTo(before);
    }

    /** The column as stored, or its default where the model makes it NOT NULL with one: adopt's one normalisation. */
    private static <T> Field<?> orDefault(Field<T> column) {
        Field<T> stored = DSL.field(DSL.name(column.getName()), column.getDataType());
        DataType<T> type = column.getDataType();
        return !type.nullable() && type.defaulted() ? DSL.coalesce(stored, type.defaultValue()).as(column.getName()) : stored;
    }

    /**
     * Every row of every queue table with the columns it had before adoption, as jsonb. {@code normalised}: a NULL in
     * a column that the model makes NOT NULL with a default reads as that default (the one documented change;
     * jobs.scheduled_for, whose default is the time of the adoption, is left out and compared by its caller).
     */
    private Map<String, List<String>> rowsAsJson(boolean normalised) throws SQLException {
        Map<String, List<String>> all = new LinkedHashMap<>();
        try (Connection c = database.open()) {
            for (TableDefinition table : QueueSchema.MODEL.tables()) {
                List<Field<?>> columns = rows(c, "select column_name from information_schema.columns where table_name = ? "
                        + "and column_name <> 'id' order by ordinal_position", table.tableName()).stream()
                        // a NULL jobs.scheduled_for ("due at once") becomes the time of the adoption: compared apart
                        .filter(row -> !(table.tableName().equals("jobs") && row.get(0).equals("scheduled_for")))
                        .<Field<?>>map(row -> normalised ? orDefault(table.column(row.get(0)).orElseThrow()) : DSL.field(DSL.name(row.get(0))))
                        .toList();
                String select = SqlRenderer.render(DSL.select(columns).from(DSL.table(table.name())));
                all.put(table.tableName(), rows(c, "select to_jsonb(r)::text from (" + select + ") r order by 1").stream()
                        .map(row -> row.get(0)).toList());
            }
        }
        return all;
    }
}
