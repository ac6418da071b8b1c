package org.queueservice.schema.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.jooq.Constraint;
import org.jooq.SortField;
import org.junit.jupiter.api.Test;

class QueueSchemaTest {

    private static final List<String> SPEC_TABLES = List.of("queues", "jobs", "schedules", "rate_limits",
            "critical_jobs", "queue_metrics", "idempotency_keys", "rate_limiters", "alert_history", "dead_letter_jobs");

    private static String script(List<SchemaStep> steps) {
        StringBuilder script = new StringBuilder();
        steps.forEach(step -> script.append(step.script()));
        return script.toString();
    }

    private static List<SchemaStep> everyStep() {
        return QueueSchema.MODEL.build(DatabaseRoles.DEFAULT, RateLimiterSeed.DEFAULT_SYSTEM_TENANT);
    }

    @Test
    void listsTheTenTablesOfTheSpecInDependencyOrder() {
        // Tables added later come after these; a table of the original ten never goes without a test saying so.
        assertThat(QueueSchema.TABLES).extracting(TenantTable::tableName).startsWith(SPEC_TABLES.toArray(String[]::new));
    }

    @Test
    void rendersTheSameDdlEveryTime() {
        assertThat(script(everyStep())).isEqualTo(script(everyStep()));
    }

    @Test
    void createsEveryTableIfNotExistsWithQuotedIdentifiers() {
        String ddl = script(everyStep());
        for (String table : SPEC_TABLES) {
            assertThat(ddl).contains("create table if not exists \"" + table + "\" (");
        }
        // Reserved and awkward words are safe because every identifier is quoted.
        assertThat(ddl).contains("\"limit\" int not null", "\"key\" varchar(255) not null");
    }

    @Test
    void everyCreateIsIdempotentOrGuarded() {
        for (SchemaStep step : everyStep()) {
            for (String sql : step.sql()) {
                boolean idempotent = sql.startsWith("create table if not exists")
                        || sql.startsWith("create index if not exists")
                        || sql.startsWith("create or replace")
                        || sql.startsWith("comment on")
                        || sql.startsWith("alter table")
                        || sql.startsWith("grant") || sql.startsWith("revoke")
                        || sql.startsWith("drop") && sql.contains(" if exists ")
                        || sql.startsWith("select \"set_config\"")
                        || sql.contains(" on conflict ")
                        || sql.startsWith("delete from")
                        // CREATE POLICY has no IF NOT EXISTS: always preceded by its own DROP POLICY IF EXISTS.
                        || sql.startsWith("create policy") && step.sql().contains(
                                sql.replaceFirst("^create policy (\"\\w+\") on (\"\\w+\").*$", "drop policy if exists $1 on $2"));
                assertThat(idempotent || step.onlyIf().isPresent())
                        .as("%s: %s", step.description(), sql)
                        .isTrue();
            }
        }
    }

    @Test
    void namesEveryIndexAfterItsTableAndPurpose() {
        for (TenantTable table : QueueSchema.TABLES) {
            for (TableIndex index : table.indexes()) {
                assertThat(index.name().last()).matches(table.tableName() + "_[a-z_]+_idx");
                assertThat(index.purpose()).isNotBlank();
            }
        }
    }

    @Test
    void everyTenantTableHasAnIndexLeadingWithTenantId() {
        for (TenantTable table : QueueSchema.TABLES) {
            List<List<String>> keys = keyColumns(table);
            assertThat(keys).as(table.tableName()).anyMatch(columns -> columns.get(0).equals("tenant_id"));
        }
    }

    @Test
    void noIndexDuplicatesTheLeadingColumnsOfAnotherIndexOrKey() {
        for (TenantTable table : QueueSchema.TABLES) {
            List<Key> keys = new ArrayList<>();
            for (Constraint constraint : table.definition().jooqConstraints()) {
                List<String> columns = constraintColumns(constraint);
                if (!columns.isEmpty()) {
                    keys.add(new Key(constraint.getName(), columns, Optional.empty()));
                }
            }
            for (TableIndex index : table.indexes()) {
                keys.add(new Key(index.name().last(), columns(index), index.where().map(SqlRenderer::render)));
            }
            for (Key a : keys) {
                for (Key b : keys) {
                    if (a != b && a.where().equals(b.where())) {
                        boolean prefix = b.columns().size() >= a.columns().size()
                                && b.columns().subList(0, a.columns().size()).equals(a.columns());
                        assertThat(prefix).as("%s is covered by %s on %s", a.name(), b.name(), table).isFalse();
                    }
                }
            }
        }
    }

    @Test
    void perTenantUniqueConstraintsReplaceTheOriginalGlobalOnes() {
        String ddl = script(everyStep());
        assertThat(ddl).contains(
                "constraint \"queues_tenant_id_name_key\" unique (\"tenant_id\", \"name\")",
                "constraint \"schedules_tenant_id_name_key\" unique (\"tenant_id\", \"name\")",
                "constraint \"rate_limits_tenant_id_key_key\" unique (\"tenant_id\", \"key\")",
                "constraint \"idempotency_keys_tenant_id_key_key\" unique (\"tenant_id\", \"key\")",
                "constraint \"critical_jobs_tenant_id_idempotency_key_key\" unique (\"tenant_id\", \"idempotency_key\")",
                "constraint \"rate_limiters_tenant_id_service_name_key\" unique (\"tenant_id\", \"service_name\")");
        assertThat(ddl).doesNotContainPattern("unique \\(\"(name|key|idempotency_key|service_name)\"\\)");
    }

    @Test
    void policyComparesUuidToUuidWithoutASubSelect() {
        String policy = SqlRenderer.render(TenantIsolation.tenantCondition());
        assertThat(policy).isEqualTo("\"tenant_id\" = cast(nullif(\"current_setting\"('app.current_tenant', true), '') as uuid)");
        assertThat(policy).doesNotContain("::text").doesNotContain("select");
    }

    @Test
    void theFormV2ReleasedKeepsItsSubSelect() {
        assertThat(SqlRenderer.render(TenantIsolation.subSelectTenantCondition()))
                .isEqualTo("\"tenant_id\" = (select cast(nullif(\"current_setting\"('app.current_tenant', true), '') as uuid))");
    }

    @Test
    void theModelValueHoldsEveryTableClassWithItsDeclarations() {
        assertThat(QueueSchema.MODEL.tables()).extracting(TableDefinition::tableName)
                .containsExactlyElementsOf(QueueSchema.TABLES.stream().map(TenantTable::tableName).toList());
        for (TenantTable table : QueueSchema.TABLES) {
            TableDefinition value = QueueSchema.MODEL.table(table.tableName()).orElseThrow();
            assertThat(value.columns()).as(table.tableName()).containsExactlyElementsOf(table.columns());
            assertThat(value.indexes()).as(table.tableName()).containsExactlyElementsOf(table.indexes());
            assertThat(value.comment()).isEqualTo(table.comment());
        }
        TableDefinition jobs = QueueSchema.MODEL.table("jobs").orElseThrow();
        assertThat(jobs.constraints()).extracting(c -> c.name().last())
                .contains("jobs_status_check", "jobs_attempts_check", "jobs_max_attempts_check");
    }

    private record Key(String name, List<String> columns, Optional<String> where) {
    }

    private static List<List<String>> keyColumns(TenantTable table) {
        List<List<String>> keys = new ArrayList<>();
        table.definition().jooqConstraints().stream().map(QueueSchemaTest::constraintColumns).filter(c -> !c.isEmpty()).forEach(keys::add);
        table.indexes().stream().map(QueueSchemaTest::columns).forEach(keys::add);
        return keys;
    }

    private static List<String> columns(TableIndex index) {
        return index.columns().stream()
                .map(column -> column instanceof SortField<?> sort ? sort.getName() : ((org.jooq.Field<?>) column).getName())
                .toList();
    }

    /** Key columns of a primary key or unique constraint, read from its rendered SQL; empty for others. */
    private static List<String> constraintColumns(Constraint constraint) {
        String sql = SqlRenderer.render(constraint);
        var matcher = java.util.regex.Pattern.compile("(primary key|unique) \\(([^)]*)\\)").matcher(sql);
        if (!matcher.find()) {
            return List.of();
        }
        return Stream.of(matcher.group(2).split(",")).map(c -> c.strip().replace("\"", "")).toList();
    }
}
