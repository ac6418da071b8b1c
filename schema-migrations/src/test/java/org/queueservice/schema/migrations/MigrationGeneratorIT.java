package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.UUID;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.queueservice.schema.migrations.audit.AuditReport;
import org.queueservice.schema.migrations.audit.MigrationAudit;
import org.queueservice.schema.migrations.generate.MigrationCompiler;
import org.queueservice.schema.migrations.generate.MigrationGenerator.GeneratedMigration;
import org.queueservice.schema.migrations.generate.MigrationGenerator;
import org.queueservice.schema.migrations.generate.RefusedChange;
import org.queueservice.schema.migrations.provision.TwoTenants;
import org.queueservice.schema.migrations.rollback.RollbackPlan;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.SchemaModel;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.TableConstraint;
import org.queueservice.schema.model.TableDefinition;

/** What the generator refuses, what it says in the file, and how a generated online version behaves on a live database. */
class MigrationGeneratorIT extends DatabaseIT {

    private static final SchemaModel TODAY = QueueSchema.MODEL;

    @TempDir
    Path workDir;

    @AfterEach
    void reset() throws SQLException {
        resetSchema();
    }

    private static GeneratedMigration generate(SchemaModel model, boolean allowDestructive) {
        return MigrationGenerator.generate(model, Migrations.all(), "Next", allowDestructive).orElseThrow();
    }

    private QueueSchemaMigrations withNext(GeneratedMigration generated) {
        return withNext(generated, workDir);
    }

    @Test
    void generatesNothingWhenTheMigrationsAlreadyBuildTheModel() {
        assertThat(MigrationGenerator.generate(TODAY, Migrations.all(), "", false)).isEmpty();
    }

    @Test
    void refusesAChangeWithoutADescriptionNamingTheChange() {
        SchemaModel changed = TODAY.withTable("jobs", t -> t.withColumn(field(name("example_note"), CLOB)));
        assertThatThrownBy(() -> MigrationGenerator.generate(changed, Migrations.all(), "", false))
                .isInstanceOf(RefusedChange.class)
                .hasMessage("the model differs from the migrations (add column jobs.example_note): name the new version, "
                        + "e.g. mvn generate-sources -Dmigration=Add_job_priority");
        assertThatThrownBy(() -> MigrationGenerator.generate(changed, Migrations.all(), "add note", false))
                .hasMessageStartingWith("-Dmigration=add note is not a version description");
    }

    @Test
    void refusesDestructiveChangesWithoutConsentAndSaysSoInTheFileWithIt() {
        SchemaModel changed = TODAY.withTable("jobs", t -> t.withoutColumn("error"))
                .withProviders(TODAY.providers().subList(0, 3));
        assertThatThrownBy(() -> generate(changed, false))
                .isInstanceOf(RefusedChange.class)
                .hasMessage("these changes lose data: drop column jobs.error and its values; delete seeded rate limiter solana_rpc. "
                        + "If that is intended, generate them with -Dmigration.allowDestructive=true; the file will say so");

        assertThat(generate(changed, true).source()).contains(" * <p>DESTRUCTIVE, generated with {@code -Dmigration.allowDestructive=true}: "
                + "drop column jobs.error and its values; delete seeded rate limiter solana_rpc.");
    }

    @Test
    void refusesANarrowingWithoutConsentAndSaysARewriteRewrites() {
        assertThatThrownBy(() -> generate(TODAY.withTable("queues", t -> t.withColumn("type", type -> VARCHAR(50).notNull())), false))
                .hasMessageContaining("narrow queues.type from character varying(100) to character varying(50)");
        assertThat(generate(TODAY.withTable("jobs", t -> t.withColumn("attempts", type -> org.jooq.impl.SQLDataType.BIGINT.notNull()
                .defaultValue(inline(0L)))), false).source())
                .contains(" * <p>REWRITES under ACCESS EXCLUSIVE, blocking reads and writes for as long as it takes: "
                        + "rewrites jobs to change the type of jobs.attempts.")
                .contains("// ACCESS EXCLUSIVE on jobs while it REWRITES the table and its indexes: reads and writes wait");
    }

    @Test
    void refusesANotNullColumnWithoutADefaultAndAVolatileDefault() {
        assertThatThrownBy(() -> generate(TODAY.withTable("jobs", t -> t.withColumn(field(name("example_owner"), VARCHAR(50).notNull()))), false))
                .isInstanceOf(RefusedChange.class)
                .hasMessageStartingWith("jobs.example_owner is NOT NULL without a default: every existing row would break it.");
        assertThatThrownBy(() -> generate(TODAY.withTable("jobs", t -> t.withColumn(field(name("trace_id"),
                UUID.notNull().defaultValue(org.jooq.impl.DSL.uuid())))), false))
                .hasMessageStartingWith("jobs.trace_id defaults to gen_random_uuid(), a volatile function: adding it would rewrite jobs");
    }

    @Test
    void aNewTableAlwaysComesWithItsTenantKeyRowLevelSecurityPoliciesGrantsAndTrigger() throws SQLException {
        GeneratedMigration generated = generate(TODAY.withTable(TableDefinition.tenantTable("example_widgets", "Widgets.")), false);
        assertThat(generated.source()).contains(
                ".foreignKey(name(\"tenant_id\")).references(name(\"tenants\"), name(\"id\")).onDeleteRestrict()",
                "UpdatedAtTrigger.createTrigger(name(\"example_widgets\"))",
                "TenantIsolation.enable(name(\"example_widgets\"), settings.roles(), TenantIsolation.tenantCondition())",
                "TenantIsolation.disableIfPresent(name(\"example_widgets\"), settings.roles())");

        withNext(generated).migrate();

        assertThat(rows("select relrowsecurity, relforcerowsecurity from pg_class where oid = 'example_widgets'::regclass"))
                .containsExactly(List.of("t", "t"));
        assertThat(rows("select polname from pg_policy where polrelid = 'example_widgets'::regclass order by 1"))
                .containsExactly(List.of("example_widgets_maintenance"), List.of("example_widgets_tenant_isolation"));
        assertThat(rows("select grantee, string_agg(privilege_type, ',' order by privilege_type) from information_schema.role_table_grants "
                + "where table_name = 'example_widgets' and grantee like 'queue_%' group by grantee order by 1"))
                .containsExactly(List.of("queue_app", "DELETE,INSERT,SELECT,UPDATE"), List.of("queue_maintenance", "DELETE,INSERT,SELECT,UPDATE"));
        assertThat(rows("select tgname from pg_trigger where tgrelid = 'example_widgets'::regclass and not tgisinternal"))
                .containsExactly(List.of("example_widgets_set_updated_at"));
    }

    @Test
    void setNotNullRunsBehindAValidatedCheckStepByStep() {
        GeneratedMigration generated = generate(TODAY.withTable("critical_jobs",
                t -> t.withColumn("idempotency_key", type -> VARCHAR(255).notNull())), false);
        assertThat(generated.source())
                .containsSubsequence("OnlineDdl.addCheckNotValid(", "OnlineDdl.validate(", ".setNotNull())", ".dropConstraintIfExists(")
                .contains("public boolean canExecuteInTransaction() {\n        return false;");
    }

    @Test
    void aDatabaseUpgradedByAnOnlineVersionValidatesAndAuditsAtOneHundredPercent() {
        GeneratedMigration generated = generate(TODAY.withTable("jobs", t -> t
                .withIndex(new org.queueservice.schema.model.TableIndex(name("jobs_type_idx"),
                        List.of(TableDefinition.TENANT_ID, field(name("type"))), java.util.Optional.empty(), "jobs by type"))
                .withConstraint(new TableConstraint.Check(name("jobs_max_attempts_limit_check"),
                        field(name("max_attempts"), INTEGER).le(inline(100))))), false);
        List<SchemaMigration> chain = new ArrayList<>(Migrations.all());
        chain.add(MigrationCompiler.load(generated.className(), generated.source(), workDir));
        QueueSchemaMigrations next = new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT, chain);
        next.migrate();
        next.validate();

        AuditReport report = new MigrationAudit(database.settings(), MigrationSettings.DEFAULT, chain).run();

        assertThat(report.notPassed()).as(report.markdown()).isEmpty();
        assertThat(report.result("MIG18").evidence())
                .contains("V4__Distributable_by_tenant, V" + NEXT + "__Next commit step by step by design (online DDL), every statement idempotent");
    }

    @Test
    void aUniqueThatExistingRowsBreakStopsTheVersionAndARunAfterTheFixFinishesIt() throws SQLException {
        GeneratedMigration generated = generate(TODAY.withTable("dead_letter_jobs", t -> t.withConstraint(new TableConstraint.Unique(
                name("dead_letter_jobs_tenant_id_queue_name_key"), List.of(name("tenant_id"), name("queue_name"))))), false);
        QueueSchemaMigrations next = withNext(generated);
        migrations().migrate();
        execute(TwoTenants.rowsEverywhere().toArray(String[]::new));
        execute("insert into dead_letter_jobs (tenant_id, queue_name, job_type) values ('" + TwoTenants.ACME + "', 'queue-1', 'again')");

        assertThatThrownBy(next::migrate).isInstanceOf(MigrationFailure.class)
                .hasMessageContaining("create unique index dead_letter_jobs_tenant_id_queue_name_key concurrently")
                .hasMessageContaining("23505");
        // The interrupted concurrent build left an INVALID index behind, and Flyway recorded the version as failed.
        assertThat(rows("select indisvalid from pg_index where indexrelid = 'dead_letter_jobs_tenant_id_queue_name_key'::regclass"))
                .containsExactly(List.of("f"));

        execute("delete from dead_letter_jobs where job_type = 'again'");
        assertThat(next.migrate().applied()).containsExactly("V" + NEXT + " Next");

        assertThat(rows("select indisvalid from pg_index where indexrelid = 'dead_letter_jobs_tenant_id_queue_name_key'::regclass"))
                .containsExactly(List.of("t"));
        assertThat(rows("select contype from pg_constraint where conname = 'dead_letter_jobs_tenant_id_queue_name_key'"))
                .containsExactly(List.of("u"));
        next.validate();
        assertThat(next.planRollback(LATEST).script()).startsWith("-- undo V" + NEXT + " Next (an online version: each step commits on its own, "
                + "under the same lock timeout)\n-- drop constraint dead_letter_jobs_tenant_id_queue_name_key\n");
    }

    @Test
    void anOnlineVersionStoppedHalfWayIsNamedByValidateAndUndoneByRollback() throws SQLException {
        QueueSchemaMigrations next = withNext(generate(TODAY.withTable("dead_letter_jobs", t -> t.withConstraint(new TableConstraint.Unique(
                name("dead_letter_jobs_tenant_id_queue_name_key"), List.of(name("tenant_id"), name("queue_name"))))), false));
        migrations().migrate();
        execute(TwoTenants.rowsEverywhere().toArray(String[]::new));
        execute("insert into dead_letter_jobs (tenant_id, queue_name, job_type) values ('" + TwoTenants.ACME + "', 'queue-1', 'again')");
        assertThatThrownBy(next::migrate).isInstanceOf(MigrationFailure.class);

        assertThatThrownBy(next::validate).isInstanceOf(MigrationFailure.class)
                .hasMessage("validate failed: V" + NEXT + " Next stopped half-way (its steps commit one by one and one failed; "
                        + "migrate says why). Fix what it names, such as rows that break a new constraint, then run migrate "
                        + "to finish it, or rollback --to " + LATEST + " to undo it.");

        next.rollback(next.planRollback(LATEST), false);

        assertThat(rows("select to_regclass('dead_letter_jobs_tenant_id_queue_name_key') is null")).containsExactly(List.of("t"));
        assertThat(rows("select count(*) from flyway_schema_history where version = ?", Integer.toString(NEXT)))
                .containsExactly(List.of("0"));
        assertThat(rows("select count(*) from dead_letter_jobs")).containsExactly(List.of("5"));
    }

    @Test
    void migrateRunsStartedTogetherBothSucceedWhenAnOnlineVersionIsPending() throws Exception {
        GeneratedMigration generated = generate(TODAY.withTable("jobs", t -> t.withIndex(new org.queueservice.schema.model.TableIndex(
                name("jobs_type_idx"), List.of(TableDefinition.TENANT_ID, field(name("type"))), java.util.Optional.empty(), "jobs by type"))), false);
        List<SchemaMigration> chain = new ArrayList<>(Migrations.all());
        chain.add(MigrationCompiler.load(generated.className(), generated.source(), workDir));
        migrations().migrate();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (java.sql.Connection holder = database.open()) {
            // Both runs queue behind a held lock, so that one builds the index while the other waits.
            holder.createStatement().execute("select pg_advisory_lock(" + org.queueservice.schema.migrations.internal.SchemaChangeLock.KEY + ")");
            List<java.util.concurrent.Future<QueueSchemaMigrations.MigrationReport>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> new QueueSchemaMigrations(database.settings(),
                        MigrationSettings.DEFAULT.withLockTimeout(java.time.Duration.ofSeconds(2)), chain).migrate()));
            }
            Thread.sleep(1000);
            holder.createStatement().execute("select pg_advisory_unlock(" + org.queueservice.schema.migrations.internal.SchemaChangeLock.KEY + ")");
            List<List<String>> applied = new ArrayList<>();
            for (var run : runs) {
                applied.add(run.get(60, java.util.concurrent.TimeUnit.SECONDS).applied());
            }
            assertThat(applied).containsExactlyInAnyOrder(List.of("V" + NEXT + " Next"), List.of());
        } finally {
            pool.shutdownNow();
        }
        assertThat(rows("select indisvalid from pg_index where indexrelid = 'jobs_type_idx'::regclass")).containsExactly(List.of("t"));
    }

    @Test
    void rollbackCountsAgainOnceItHoldsTheLockAndRefusesDataWrittenWhileItWaited() throws Exception {
        QueueSchemaMigrations next = withNext(generate(TODAY.withTable("jobs", t -> t.withColumn(field(name("example_note"), CLOB))), false));
        next.migrate();
        execute(TwoTenants.rowsEverywhere().toArray(String[]::new));
        RollbackPlan plan = next.planRollback(LATEST);
        assertThat(plan.tablesAtRisk()).isEmpty();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (java.sql.Connection holder = database.open()) {
            holder.createStatement().execute("select pg_advisory_lock(" + org.queueservice.schema.migrations.internal.SchemaChangeLock.KEY + ")");
            var rollback = pool.submit(() -> {
                next.rollback(plan, false);
                return null;
            });
            Thread.sleep(500);
            execute("update jobs set example_note = 'written while the rollback waited' where tenant_id = '" + TwoTenants.ACME + "'");
            holder.createStatement().execute("select pg_advisory_unlock(" + org.queueservice.schema.migrations.internal.SchemaChangeLock.KEY + ")");

            assertThatThrownBy(() -> rollback.get(60, java.util.concurrent.TimeUnit.SECONDS)).hasCauseInstanceOf(MigrationFailure.class)
                    .hasMessageContaining("rollback refused: these tables or columns would be dropped or narrowed with data that is not seed data: "
                            + "jobs.example_note (2 rows).");
        } finally {
            pool.shutdownNow();
        }
        assertThat(rows("select count(*) from jobs where example_note is not null")).containsExactly(List.of("2"));
    }

    /** Issue 20, item 5: the down step of a widening narrows the column back, and used to round 1.2345 to 1.23 unasked. */
    @Test
    void rollbackRefusesToNarrowAWidenedColumnWhoseValuesWouldChangeUnlessForced() throws SQLException {
        QueueSchemaMigrations next = withNext(generate(TODAY.withTable("alert_history",
                t -> t.withColumn("metric_value", type -> org.jooq.impl.SQLDataType.NUMERIC(14, 4))), false));
        next.migrate();
        execute(TwoTenants.rowsEverywhere().toArray(String[]::new));
        execute("update alert_history set metric_value = 1.2345 where tenant_id = '" + TwoTenants.ACME + "' and message = 'alert 1'",
                "update alert_history set metric_value = 2.5 where tenant_id = '" + TwoTenants.GLOBEX + "'");

        assertThatThrownBy(() -> next.rollback(next.planRollback(LATEST), false)).isInstanceOf(MigrationFailure.class)
                .hasMessage("rollback refused: these tables or columns would be dropped or narrowed with data that is not seed data: "
                        + "alert_history.metric_value narrowed to numeric(10, 2) (1 row). Nothing was changed; use --force to drop or narrow them.");
        assertThat(rows("select metric_value::text from alert_history where metric_value = 1.2345")).containsExactly(List.of("1.2345"));

        execute("update alert_history set metric_value = 123456789.5 where tenant_id = '" + TwoTenants.ACME + "' and message = 'alert 2'");
        assertThat(next.planRollback(LATEST).tablesAtRisk()).extracting(Object::toString)
                .containsExactly("alert_history.metric_value narrowed to numeric(10, 2) (2 rows)");
        execute("update alert_history set metric_value = 1 where tenant_id = '" + TwoTenants.ACME + "' and message = 'alert 2'");

        next.rollback(next.planRollback(LATEST), true);
        assertThat(rows("select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'alert_history'::regclass "
                + "and attname = 'metric_value'")).containsExactly(List.of("numeric(10,2)"));
        assertThat(rows("select metric_value::text from alert_history where tenant_id = '" + TwoTenants.ACME + "' order by message"))
                .containsExactly(List.of("1.23"), List.of("1.00"));
    }

    @Test
    void rollbackRefusesToDropAnAddedColumnThatHoldsValuesUnlessForced() throws SQLException {
        QueueSchemaMigrations next = withNext(generate(TODAY.withTable("jobs", t -> t.withColumn(field(name("example_note"), CLOB))
                .withColumn(field(name("example_priority"), INTEGER.notNull().defaultValue(inline(0))))), false));
        next.migrate();
        execute(TwoTenants.rowsEverywhere().toArray(String[]::new));
        execute("update jobs set example_note = 'keep me' where tenant_id = '" + TwoTenants.ACME + "'",
                "update jobs set example_priority = 5 where tenant_id = '" + TwoTenants.GLOBEX + "' and queue = 'queue-1'");

        RollbackPlan plan = next.planRollback(LATEST);
        assertThat(plan.tablesAtRisk()).extracting(Object::toString).containsExactly("jobs.example_priority (1 row)", "jobs.example_note (2 rows)");
        assertThatThrownBy(() -> next.rollback(plan, false)).isInstanceOf(MigrationFailure.class)
                .hasMessageStartingWith("rollback refused: these tables or columns would be dropped or narrowed with data that is not seed data: "
                        + "jobs.example_priority (1 row), jobs.example_note (2 rows).");
        assertThat(rows("select count(*) from jobs where example_note = 'keep me'")).containsExactly(List.of("2"));

        next.rollback(next.planRollback(LATEST), true);
        assertThat(rows("select count(*) from information_schema.columns where table_name = 'jobs' and column_name in ('example_note', 'example_priority')"))
                .containsExactly(List.of("0"));
    }

    @Test
    void aHandWrittenDataMigrationJoinsTheChainAndTheNextGeneratedVersionFollowsIt() {
        List<SchemaMigration> chain = new ArrayList<>(Migrations.all());
        chain.add(new HandWritten.V4__Backfill_job_errors());

        assertThat(org.queueservice.schema.migrations.generate.ModelComparison.of(TODAY, chain).differences()).isEmpty();
        GeneratedMigration next = MigrationGenerator.generate(TODAY.withTable("jobs", t -> t.withColumn(field(name("example_note"), CLOB))),
                chain, "Add_job_note", false).orElseThrow();
        assertThat(next.className()).isEqualTo("V" + (NEXT + 1) + "__Add_job_note");
    }

    /** A data migration written by hand, as docs/changing-the-schema.md shows: every tenant's rows, with its own down steps. */
    static final class HandWritten {
        static final class V4__Backfill_job_errors extends SchemaMigration {
            /** The page names it V5; numbered here after whatever is released when the test runs. */
            @Override
            public org.flywaydb.core.api.MigrationVersion getVersion() {
                return org.flywaydb.core.api.MigrationVersion.fromVersion(Integer.toString(NEXT));
            }

            @Override
            public List<SchemaStep> up(MigrationSettings settings) {
                return List.of(SchemaStep.of("give failed jobs without an error a placeholder",
                        // FORCE binds the owner too: lifted for this transaction only, so the update sees every tenant.
                        org.jooq.impl.DSL.query("alter table {0} no force row level security", name("jobs")),
                        org.jooq.impl.DSL.update(org.jooq.impl.DSL.table(name("jobs")))
                                .set(field(name("error"), CLOB), inline("unknown"))
                                .where(field(name("status"), VARCHAR).eq(inline("failed")).and(field(name("error")).isNull())),
                        org.jooq.impl.DSL.query("alter table {0} force row level security", name("jobs"))));
            }

            @Override
            public List<SchemaStep> down(MigrationSettings settings) {
                return List.of(SchemaStep.of("remove the placeholder",
                        org.jooq.impl.DSL.query("alter table {0} no force row level security", name("jobs")),
                        org.jooq.impl.DSL.update(org.jooq.impl.DSL.table(name("jobs")))
                                .set(field(name("error"), CLOB), (String) null)
                                .where(field(name("error"), CLOB).eq(inline("unknown"))),
                        org.jooq.impl.DSL.query("alter table {0} force row level security", name("jobs"))));
            }
        }
    }
}
