package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.VARCHAR;
import static org.queueservice.schema.migrations.provision.TwoTenants.ACME;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.citus.CitusCatalog;
import org.queueservice.schema.migrations.citus.TableDistribution;
import org.queueservice.schema.migrations.generate.MigrationGenerator;
import org.queueservice.schema.migrations.provision.TwoTenants;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.SchemaModel;
import org.queueservice.schema.model.TableConstraint;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.TableIndex;

/**
 * migrate on a fresh Citus coordinator, as a non-superuser owner, and what follows on the one distributed
 * database this class shares: the placement, what every shard carries, the routing of the service's queries,
 * later versions applied through the coordinator and rolled back, rollback below the distributable version,
 * repair. The tests that change the schema restore it before they end; their order only saves a migrate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CitusMigrateIT extends DatabaseIT {

    private ConnectionSettings owner;
    private ConnectionSettings app;

    @TempDir
    Path workDir;

    @Override
    protected boolean onCitus() {
        return true;
    }

    @BeforeAll
    void migrateOnTheCoordinator() throws SQLException {
        owner = migrateAsOwnerWithTwoTenants();
        app = loginAs("queue_app");
    }

    @Test
    @Order(1)
    void tenantsIsAReferenceTableAndEveryTenantTableIsDistributedByTenantIdWithJobs() throws SQLException {
        Map<String, TableDistribution> placed = placement();
        assertThat(placed.get("tenants").reference()).as(placed.get("tenants").line()).isTrue();
        int group = placed.get("jobs").colocationGroup();
        for (String table : TwoTenants.tables()) {
            TableDistribution distribution = placed.get(table);
            assertThat(distribution.distributedBy("tenant_id")).as(distribution.line()).isTrue();
            assertThat(distribution.colocationGroup()).as(distribution.line()).isEqualTo(group);
            assertThat(distribution.shardCount()).as(distribution.line()).isPositive();
        }
        assertThat(migrations().info()).contains("Citus 13.2-1 coordinator; tables of " + database.name() + ":")
                .contains(placed.get("jobs").line());
    }

    @Test
    @Order(2)
    void everyShardHasTheTablesPoliciesTriggersGrantsChecksAndForcedRowLevelSecurity() throws SQLException {
        for (String table : TwoTenants.tables()) {
            String expected = rows("select (select count(*) from pg_policy where polrelid = ?::regclass) || ',' "
                    + "|| (select count(*) from pg_trigger where tgrelid = ?::regclass and not tgisinternal) || ',' "
                    + "|| (select count(*) from pg_constraint where conrelid = ?::regclass and contype = 'c') || ',' "
                    + "|| has_table_privilege('queue_app', ?, 'select,insert,update,delete') || ',' "
                    + "|| (select relforcerowsecurity from pg_class where oid = ?::regclass)", table, table, table, table, table).get(0).get(0);
            List<List<String>> shards = rows("select shardid, success, result from run_command_on_shards(?, $$"
                    + "select (select count(*) from pg_policy where polrelid = '%1$s'::regclass) || ',' "
                    + "|| (select count(*) from pg_trigger where tgrelid = '%1$s'::regclass and not tgisinternal) || ',' "
                    + "|| (select count(*) from pg_constraint where conrelid = '%1$s'::regclass and contype = 'c') || ',' "
                    + "|| has_table_privilege('queue_app', '%1$s', 'select,insert,update,delete') || ',' "
                    + "|| (select relforcerowsecurity from pg_class where oid = '%1$s'::regclass)$$)", table);
            assertThat(expected).as(table).startsWith("2,1,").endsWith(",true,true");
            assertThat(shards).as(table).isNotEmpty().allSatisfy(shard -> assertThat(shard.subList(1, 3)).as(table + " shard " + shard.get(0))
                    .containsExactly("t", expected));
        }
    }

    @Test
    @Order(3)
    void theServiceQueriesNamingTheTenantAreRoutedToOneShard() throws SQLException {
        List<String> queries = List.of(
                "select id from jobs where tenant_id = '" + ACME + "' and queue = 'queue-1' and status = 'pending' "
                        + "and scheduled_for <= now() order by scheduled_for, created_at limit 10 for update skip locked",
                "update jobs set status = 'completed', completed_at = now() where tenant_id = '" + ACME + "' and id = '" + ACME + "'",
                "update jobs set status = 'failed', attempts = attempts + 1 where tenant_id = '" + ACME + "' and id = '" + ACME + "'",
                "select status, count(*) from jobs where tenant_id = '" + ACME + "' and queue = 'queue-1' group by status");
        try (Connection c = app.open(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("set local citus.propagate_set_commands = 'local'");
            s.execute("set local app.current_tenant = '" + ACME + "'");
            for (String query : queries) {
                String plan = explain(s, query);
                assertThat(plan).as(query).contains("Task Count: 1").doesNotContain("Task Count: 32");
            }
            // Without the tenant in the WHERE clause the policy's condition alone does not route: every shard is asked.
            assertThat(explain(s, "select status, count(*) from jobs where queue = 'queue-1' group by status"))
                    .doesNotContain("Task Count: 1\n");
            c.rollback();
        }
    }

    @Test
    @Order(4)
    void aGeneratedVersionIsAppliedThroughTheCoordinatorToEveryShardAndRolledBack() throws SQLException {
        Map<String, String> before = objects();
        SchemaModel changed = QueueSchema.MODEL
                .withTable("jobs", t -> t.withColumn(field(name("example_note"), CLOB))
                        .withIndex(new TableIndex(name("jobs_type_idx"), List.of(TableDefinition.TENANT_ID, field(name("type"))),
                                Optional.empty(), "jobs by type"))
                        .withConstraint(new TableConstraint.Check(name("jobs_max_attempts_limit_check"),
                                field(name("max_attempts"), INTEGER).le(inline(100)))))
                .withTable("critical_jobs", t -> t.withColumn("idempotency_key", type -> VARCHAR(255).notNull()));
        QueueSchemaMigrations next = withNext(MigrationGenerator.generate(changed, Migrations.all(), "Test_change", false).orElseThrow(),
                workDir);
        next.migrate();
        assertThat(onEveryShard("jobs", "select count(*) from pg_attribute where attrelid = '%s'::regclass and attname = 'example_note'"))
                .containsOnly("1");
        assertThat(onEveryShard("jobs", "select count(*) from pg_constraint where conrelid = '%s'::regclass "
                + "and conname like 'jobs_max_attempts_limit_check%%' and convalidated")).containsOnly("1");
        assertThat(onEveryShard("jobs", "select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid "
                + "where i.indrelid = '%s'::regclass and c.relname like 'jobs_type_idx%%' and i.indisvalid")).containsOnly("1");
        assertThat(onEveryShard("critical_jobs", "select attnotnull from pg_attribute where attrelid = '%s'::regclass "
                + "and attname = 'idempotency_key'")).containsOnly("t");

        next.rollback(next.planRollback(LATEST), false);
        assertThat(objects()).isEqualTo(before);
        assertThat(onEveryShard("jobs", "select count(*) from pg_attribute where attrelid = '%s'::regclass and attname = 'example_note' "
                + "and not attisdropped")).containsOnly("0");
        assertThat(onEveryShard("critical_jobs", "select attnotnull from pg_attribute where attrelid = '%s'::regclass "
                + "and attname = 'idempotency_key'")).containsOnly("f");
    }

    @Test
    @Order(5)
    void aVersionThatAddsATableHasItDistributedWithJobsInTheSameRunAndRolledBack() throws SQLException {
        SchemaModel changed = QueueSchema.MODEL.withTable(TableDefinition.tenantTable("example_widgets", "Widgets of a tenant.")
                .withColumn(field(name("label"), VARCHAR(100).notNull()))
                .withConstraint(new TableConstraint.Unique(name("example_widgets_tenant_id_label_key"), List.of(name("tenant_id"), name("label")))));
        QueueSchemaMigrations next = withNext(MigrationGenerator.generate(changed, Migrations.all(), "Add_widgets", false).orElseThrow(),
                workDir);
        QueueSchemaMigrations.MigrationReport report = next.migrate();
        assertThat(report.distributed()).extracting(m -> m.table()).containsExactly("example_widgets");
        TableDistribution widgets = placement().get("example_widgets");
        assertThat(widgets.distributedBy("tenant_id")).as(widgets.line()).isTrue();
        assertThat(widgets.colocationGroup()).isEqualTo(placement().get("jobs").colocationGroup());
        assertThat(onEveryShard("example_widgets", "select count(*) from pg_policy where polrelid = '%s'::regclass")).containsOnly("2");

        next.rollback(next.planRollback(LATEST), false);
        assertThat(placement()).doesNotContainKey("example_widgets");
    }

    @Test
    @Order(6)
    void repairRestoresAnIndexDroppedThroughTheCoordinatorOnEveryShard() throws SQLException {
        execute("drop index jobs_claim_idx");
        assertThat(onEveryShard("jobs", "select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid "
                + "where i.indrelid = '%s'::regclass and c.relname like 'jobs_claim_idx%%'")).containsOnly("0");
        assertThat(migrations().repair(false).restored()).anySatisfy(line -> assertThat(line).contains("jobs_claim_idx"));
        assertThat(onEveryShard("jobs", "select count(*) from pg_index i join pg_class c on c.oid = i.indexrelid "
                + "where i.indrelid = '%s'::regclass and c.relname like 'jobs_claim_idx%%' and i.indisvalid")).containsOnly("1");
    }

    @Test
    @Order(7)
    void rollbackBelowTheDistributableVersionIsRefusedSayingHowToUndistribute() throws SQLException {
        String before = snapshot();
        assertThatThrownBy(() -> new QueueSchemaMigrations(owner, MigrationSettings.DEFAULT).planRollback(0))
                .isInstanceOf(MigrationFailure.class)
                .hasMessageContaining("rollback refused: " + database.name() + " is distributed by Citus")
                .hasMessageContaining("undistribute_table")
                .hasMessageContaining("Nothing was changed");
        assertThat(snapshot()).isEqualTo(before);
        assertThat(placement().get("jobs").distributedBy("tenant_id")).isTrue();
    }

    private Map<String, TableDistribution> placement() throws SQLException {
        try (Connection c = database.open()) {
            return CitusCatalog.distributions(c).stream().collect(Collectors.toMap(TableDistribution::table, d -> d));
        }
    }

    /** {@code sql} run on every shard of {@code table} ({@code %s} the shard), each result. */
    private Set<String> onEveryShard(String table, String sql) throws SQLException {
        List<List<String>> results = rows("select success, result from run_command_on_shards(?, ?)", table, sql);
        assertThat(results).as(table).isNotEmpty().allSatisfy(r -> assertThat(r.get(0)).as(r.get(1)).isEqualTo("t"));
        return results.stream().map(r -> r.get(1)).collect(Collectors.toSet());
    }

    private Map<String, String> objects() throws SQLException {
        try (Connection c = database.open()) {
            return SchemaCatalog.read(c).objects();
        }
    }

    private static String explain(Statement s, String query) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (var r = s.executeQuery("explain " + query)) {
            while (r.next()) {
                plan.append(r.getString(1).trim()).append('\n');
            }
        }
        return plan.toString();
    }
}
