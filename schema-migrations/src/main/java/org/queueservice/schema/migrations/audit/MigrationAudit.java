package org.queueservice.schema.migrations.audit;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.QueueSchemaMigrations;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.catalog.CatalogSnapshot;
import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.internal.Idempotence;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.migrations.internal.RolledBackTransaction;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.migrations.rollback.RollbackPlan;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.jooq.Field;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.audit.AuditReport.Result;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.audit.AuditReport.Status;
import org.queueservice.schema.migrations.provision.ScratchDatabase;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.RateLimiterSeed;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.SqlRenderer;
import org.queueservice.schema.model.TableIndex;
import org.queueservice.schema.model.TenantTable;

/**
 * The migration audit (spec section 6, MIG1 to MIG20, plus the tenancy checks of section 4), decided
 * from what the live database and the migration registry contain. Nothing is changed on the audited
 * database: MIG17 re-applies the migrations in a transaction that is rolled back, and the rollback
 * checks (MIG5, MIG19, MIG20) rehearse on a scratch database created on the same server and dropped.
 * Run it as the user that migrates (the tables' owner or a superuser).
 */
public final class MigrationAudit {

    static final String STRUCTURE = "Migration Structure";
    static final String DESIGN = "Table Design";
    static final String SECURITY = "Row-Level Security";
    static final String SEEDING = "Data Seeding";
    static final String SAFETY = "Migration Safety";
    static final String TENANCY = "Tenancy";

    private final ConnectionSettings target;
    private final MigrationSettings settings;
    private final List<SchemaMigration> migrations;

    public MigrationAudit(ConnectionSettings target, MigrationSettings settings) {
        this(target, settings, Migrations.all());
    }

    /** With another migration list: how the tests show that a broken migration is caught. */
    public MigrationAudit(ConnectionSettings target, MigrationSettings settings, List<SchemaMigration> migrations) {
        this.target = target;
        this.settings = settings;
        this.migrations = List.copyOf(migrations);
    }

    /** Runs every check; a MigrationFailure means the audit could not run at all. */
    public AuditReport run() {
        try (Connection c = target.open()) {
            Rehearsal rehearsal = Rehearsal.run(target, settings, migrations);
            Checks checks = new Checks(c, rehearsal);
            List<Result> results = new ArrayList<>();
            results.add(checks.mig1());
            results.add(checks.mig2());
            results.add(checks.mig3());
            results.add(checks.mig4());
            results.add(checks.mig5());
            results.add(checks.mig6());
            results.add(checks.mig7());
            results.add(checks.mig8());
            results.add(checks.mig9());
            results.add(checks.mig10());
            results.add(checks.mig11());
            results.add(checks.mig12());
            results.add(checks.mig13());
            results.add(checks.mig14());
            results.add(checks.mig15());
            results.add(checks.mig16());
            results.add(checks.mig17());
            results.add(checks.mig18());
            results.add(checks.mig19());
            results.add(checks.mig20());
            results.addAll(checks.tenancy());
            return new AuditReport(target.url(), LocalDate.now(), results);
        } catch (SQLException e) {
            throw MigrationFailure.of("audit", e);
        }
    }

    private static Result result(String id, String title, String group, Severity severity, List<String> problems,
                                 List<String> evidence, String remediation) {
        List<String> all = new ArrayList<>(problems);
        all.addAll(evidence);
        return new Result(id, title, group, problems.isEmpty() ? Status.PASS : Status.FAIL, severity, all, remediation);
    }

    private static String sqlOf(List<SchemaStep> steps) {
        return steps.stream().flatMap(step -> step.sql().stream()).collect(Collectors.joining(";\n"));
    }

    private static String quoted(String identifier) {
        return "\"" + identifier + "\"";
    }

    /** The checks against the audited database. */
    private final class Checks {
        private final Connection c;
        private final Rehearsal rehearsal;
        private final boolean historyExists;

        Checks(Connection c, Rehearsal rehearsal) throws SQLException {
            this.c = c;
            this.rehearsal = rehearsal;
            this.historyExists = !rows("select 1 where to_regclass(?) is not null", QueueSchemaMigrations.HISTORY_TABLE).isEmpty();
        }

        List<List<String>> rows(String sql, Object... parameters) throws SQLException {
            return QueryRows.of(c, sql, parameters);
        }

        String one(String sql, Object... parameters) throws SQLException {
            List<List<String>> rows = rows(sql, parameters);
            return rows.isEmpty() ? null : rows.get(0).get(0);
        }

        Set<String> presentTables() throws SQLException {
            Set<String> present = new TreeSet<>();
            for (TenantTable table : QueueSchema.TABLES) {
                if (one("select to_regclass(?)::text", table.tableName()) != null) {
                    present.add(table.tableName());
                }
            }
            return present;
        }

        List<String> missingTables() throws SQLException {
            Set<String> present = presentTables();
            return QueueSchema.TABLES.stream().map(TenantTable::tableName).filter(t -> !present.contains(t))
                    .map(t -> "table " + t + " does not exist").toList();
        }

        Result mig1() throws SQLException {
            List<String> problems = new ArrayList<>();
            List<String> evidence = new ArrayList<>();
            if (historyExists) {
                evidence.add("`" + QueueSchemaMigrations.HISTORY_TABLE + "` exists with "
                        + one("select count(*) from " + QueueSchemaMigrations.HISTORY_TABLE) + " rows");
            } else {
                problems.add("no Flyway history table `" + QueueSchemaMigrations.HISTORY_TABLE + "`: this database was not migrated by queue-schema");
            }
            evidence.add("registry `Migrations.all()`: " + migrations.stream()
                    .map(m -> m.getClass().getSimpleName()).collect(Collectors.joining(", ")));
            evidence.add("entry point: `queue-schema migrate` (Flyway Java migrations)");
            return result("MIG1", "Flyway migrations configured", STRUCTURE, Severity.HIGH, problems, evidence,
                    "Migrate this database with `queue-schema migrate`.");
        }

        Result mig2() throws SQLException {
            List<String> problems = new ArrayList<>();
            try {
                Migrations.requireConsecutive(migrations);
            } catch (IllegalStateException e) {
                problems.add("registry: " + e.getMessage());
            }
            migrations.stream().map(m -> m.getClass().getSimpleName()).filter(n -> !n.matches("V\\d+__[A-Z][A-Za-z0-9_]*"))
                    .forEach(n -> problems.add("class " + n + " is not named V<version>__<Description>"));
            if (!historyExists) {
                problems.add("no history table to check the applied order against");
            } else {
                int previous = 0;
                for (List<String> row : rows("select version, description from " + QueueSchemaMigrations.HISTORY_TABLE
                        + " where version is not null and type <> 'BASELINE' order by installed_rank")) {
                    int version = Integer.parseInt(row.get(0));
                    if (version <= previous) {
                        problems.add("history applies V" + version + " after V" + previous);
                    }
                    if (version > migrations.size()) {
                        problems.add("history holds V" + version + " (" + row.get(1) + "), which the registry does not know");
                    } else if (!migrations.get(version - 1).getDescription().equals(row.get(1))) {
                        problems.add("history V" + version + " is '" + row.get(1) + "', the registry says '"
                                + migrations.get(version - 1).getDescription() + "'");
                    }
                    previous = version;
                }
            }
            return result("MIG2", "Versioned, ordered migration names", STRUCTURE, Severity.MEDIUM, problems,
                    List.of("versions " + migrations.stream().map(m -> "V" + m.getVersion()).collect(Collectors.joining(", "))
                            + ", consecutive, applied in that order"),
                    "Keep one ordered registry with versions 1, 2, 3, ... and never rewrite history rows.");
        }

        Result mig3() throws SQLException {
            List<String> problems = new ArrayList<>();
            for (SchemaMigration m : migrations) {
                if (m.up(settings).isEmpty()) {
                    problems.add(m.getClass().getSimpleName() + " has no up steps");
                }
            }
            if (historyExists) {
                Set<String> applied = new TreeSet<>();
                rows("select version from " + QueueSchemaMigrations.HISTORY_TABLE + " where success and version is not null")
                        .forEach(r -> applied.add(r.get(0)));
                migrations.stream().filter(m -> !applied.contains(m.getVersion().getVersion()))
                        .forEach(m -> problems.add("V" + m.getVersion() + " " + m.getDescription() + " is not applied"));
                rows("select version from " + QueueSchemaMigrations.HISTORY_TABLE + " where not success")
                        .forEach(r -> problems.add("V" + r.get(0) + " is recorded as failed"));
            } else {
                problems.add("no history table: no migration is recorded as applied");
            }
            return result("MIG3", "Up path defined and applied", STRUCTURE, Severity.HIGH, problems,
                    List.of(migrations.stream().map(m -> "V" + m.getVersion() + ": " + m.up(settings).size() + " up steps")
                            .collect(Collectors.joining(", "))),
                    "Run `queue-schema migrate`; investigate any failed version first.");
        }

        Result mig4() {
            List<String> problems = migrations.stream().filter(m -> m.down(settings).isEmpty())
                    .map(m -> m.getClass().getSimpleName() + " has no down steps").toList();
            return result("MIG4", "Down path defined", STRUCTURE, Severity.HIGH, problems,
                    List.of(migrations.stream().map(m -> "V" + m.getVersion() + ": " + m.down(settings).size() + " down steps")
                            .collect(Collectors.joining(", "))),
                    "Declare down steps next to every migration's up steps.");
        }

        Result mig5() {
            return result("MIG5", "Down reverses everything", STRUCTURE, Severity.HIGH, rehearsal.stepDownProblems,
                    List.of("rehearsal on scratch database `" + rehearsal.database + "`: migrated version by version, then rolled back "
                            + "one version at a time, comparing the full catalog with the one migrated to that version",
                            "at version 0 nothing of ours remained (tables, indexes, policies, triggers, functions)"),
                    "Make each migration's down steps drop, revoke or restore everything its up steps created or changed.");
        }

        Result mig6() throws SQLException {
            List<String> problems = new ArrayList<>(missingTables());
            for (String table : presentTables()) {
                String pk = one("select pg_get_constraintdef(oid) from pg_constraint where conrelid = ?::regclass and contype = 'p'", table);
                if (!"PRIMARY KEY (id)".equals(pk)) {
                    problems.add(table + ": primary key is " + (pk == null ? "missing" : pk));
                }
            }
            return result("MIG6", "Primary keys on all tables", DESIGN, Severity.HIGH, problems,
                    List.of("`PRIMARY KEY (id)` (uuid, gen_random_uuid()) on " + presentTables().size() + " tables"),
                    "Add `id uuid PRIMARY KEY DEFAULT gen_random_uuid()` to every table.");
        }

        Result mig7() throws SQLException {
            List<String> problems = new ArrayList<>(missingTables());
            for (String table : presentTables()) {
                String fk = one("select string_agg(pg_get_constraintdef(oid), '; ') from pg_constraint "
                        + "where conrelid = ?::regclass and contype = 'f' and conkey = array[(select attnum from pg_attribute "
                        + "where attrelid = ?::regclass and attname = 'tenant_id')]", table, table);
                if (!"FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE RESTRICT".equals(fk)) {
                    problems.add(table + ": tenant foreign key is " + (fk == null ? "missing" : fk));
                }
            }
            return result("MIG7", "Foreign keys defined", DESIGN, Severity.HIGH, problems,
                    List.of("`FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE RESTRICT` on " + presentTables().size() + " tables"),
                    "Restore the tenant foreign keys with ON DELETE RESTRICT.");
        }

        Result mig8() throws SQLException {
            List<String> problems = new ArrayList<>(missingTables());
            int notNull = 0;
            Set<String> present = presentTables();
            for (TenantTable table : QueueSchema.TABLES) {
                if (!present.contains(table.tableName())) {
                    continue;
                }
                for (Field<?> column : table.columns()) {
                    if (column.getDataType().nullable()) {
                        continue;
                    }
                    String attnotnull = one("select attnotnull::text from pg_attribute where attrelid = ?::regclass and attname = ?",
                            table.tableName(), column.getName());
                    if ("true".equals(attnotnull)) {
                        notNull++;
                    } else {
                        problems.add(table.tableName() + "." + column.getName() + " is " + (attnotnull == null ? "missing" : "nullable"));
                    }
                }
            }
            return result("MIG8", "NOT NULL constraints", DESIGN, Severity.MEDIUM, problems,
                    List.of(notNull + " columns NOT NULL as the model declares, every column with a default included"),
                    "Set NOT NULL on the listed columns (after backfilling NULLs).");
        }

        Result mig9() throws SQLException {
            List<String> missing = new ArrayList<>();
            int present = 0;
            for (TenantTable table : QueueSchema.TABLES) {
                for (TableIndex index : table.indexes()) {
                    String on = one("select indrelid::regclass::text from pg_index where indexrelid = to_regclass(?)", index.name().last());
                    if (table.tableName().equals(on)) {
                        present++;
                    } else {
                        missing.add("index " + index.name().last() + " (" + index.purpose() + ") is missing on " + table.tableName());
                    }
                }
            }
            List<String> unserved = new ArrayList<>();
            List<String> served = new ArrayList<>();
            for (Workload.HotQuery query : Workload.HOT_QUERIES) {
                List<String> plan;
                try {
                    plan = explain(query);
                } catch (SQLException e) {
                    unserved.add(query.table() + ": `" + query.sql() + "` cannot be planned: " + DatabaseError.describe(e));
                    continue;
                }
                String used = plan.stream().map(l -> l.replaceAll(".*(?:Scan(?: Backward)? using|Bitmap Index Scan on) (\\w+).*", "$1"))
                        .filter(l -> !l.equals("") && !l.contains(" ") && !l.contains("(")).findFirst().orElse("no index");
                boolean ok = !Workload.seqScans(plan, query.table())
                        && (query.systemWide() || Workload.tenantIsIndexCondition(plan, query.table()));
                (ok ? served : unserved).add(query.table() + ": " + used + (query.systemWide() ? " (system-wide sweep)" : ", tenant_id in Index Cond")
                        + (ok ? "" : " — not served by a tenant-leading index: `" + query.sql() + "`"));
            }
            List<String> evidence = new ArrayList<>(missing);
            evidence.addAll(unserved);
            evidence.add(present + " workload indexes present; " + served.size() + " of " + Workload.HOT_QUERIES.size()
                    + " hot queries of spec section 5 served by an index under row-level security:");
            evidence.addAll(served);
            Status status = !unserved.isEmpty() ? Status.FAIL : missing.isEmpty() ? Status.PASS : Status.PARTIAL;
            return new Result("MIG9", "Indexes serve the workload", DESIGN, status, Severity.HIGH, evidence,
                    "Recreate the missing indexes with `queue-schema migrate` (idempotent) and keep tenant_id leading.");
        }

        /** EXPLAIN as the role that runs it in production (under RLS), with sequential scans discouraged. */
        private List<String> explain(Workload.HotQuery query) throws SQLException {
            return RolledBackTransaction.run(c, () -> {
                try (Statement s = c.createStatement()) {
                    // On an audited database with few rows any plan is a seq scan; the question is whether an index fits.
                    s.execute("set local enable_seqscan = off");
                    String role = query.systemWide() ? settings.roles().maintenance() : settings.roles().application();
                    if ("true".equals(one("select pg_has_role(?, 'MEMBER')::text", role))) {
                        s.execute(SqlRenderer.render(DSL.query("set local role {0}", DSL.name(role))));
                    }
                    one("select set_config('app.current_tenant', ?, true)",
                            query.systemWide() ? "" : settings.systemTenant().toString());
                    return rows("explain " + query.sql()).stream().map(row -> row.get(0)).toList();
                }
            });
        }

        Result mig10() throws SQLException {
            List<String> problems = new ArrayList<>(missingTables());
            for (String table : presentTables()) {
                for (String column : List.of("created_at", "updated_at")) {
                    String definition = one("select format_type(atttypid, atttypmod) || ' ' || attnotnull::text || ' ' "
                            + "|| coalesce(pg_get_expr(d.adbin, d.adrelid), '') from pg_attribute a left join pg_attrdef d "
                            + "on d.adrelid = a.attrelid and d.adnum = a.attnum where a.attrelid = ?::regclass and a.attname = ?", table, column);
                    if (definition == null || !definition.matches("timestamp with time zone true (CURRENT_TIMESTAMP|now\\(\\))")) {
                        problems.add(table + "." + column + " is " + (definition == null ? "missing" : definition));
                    }
                }
                if (one("select tgname from pg_trigger where tgrelid = ?::regclass and tgname = ? and tgenabled <> 'D'",
                        table, table + "_set_updated_at") == null) {
                    problems.add(table + ": trigger " + table + "_set_updated_at is missing or disabled, updated_at never changes");
                }
            }
            return result("MIG10", "Timestamps on all tables", DESIGN, Severity.MEDIUM, problems,
                    List.of("created_at and updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP, and a BEFORE UPDATE "
                            + "trigger set_updated_at, on " + presentTables().size() + " tables"),
                    "Restore the timestamp columns and the updated_at triggers (`queue-schema migrate`).");
        }

        Result mig11() throws SQLException {
            List<String> problems = new ArrayList<>(missingTables());
            for (String table : presentTables()) {
                if (!"true".equals(one("select relrowsecurity::text from pg_class where oid = ?::regclass", table))) {
                    problems.add(table + ": row-level security is disabled, every tenant's rows are visible");
                }
            }
            return result("MIG11", "RLS enabled", SECURITY, Severity.CRITICAL, problems,
                    List.of("`ENABLE ROW LEVEL SECURITY` on " + presentTables().size() + " tables"),
                    "`ALTER TABLE ... ENABLE ROW LEVEL SECURITY` on the listed tables.");
        }

        Result mig12() throws SQLException {
            List<String> problems = new ArrayList<>(missingTables());
            for (String table : presentTables()) {
                List<List<String>> policy = rows("select polcmd::text, coalesce(pg_get_expr(polqual, polrelid), '') from pg_policy "
                        + "where polrelid = ?::regclass and polname = ?", table, table + "_tenant_isolation");
                if (policy.isEmpty()) {
                    problems.add(table + ": policy " + table + "_tenant_isolation is missing");
                } else if (!policy.get(0).get(0).equals("*") || !policy.get(0).get(1).contains("current_setting('app.current_tenant'")) {
                    problems.add(table + ": policy " + table + "_tenant_isolation does not apply to all commands by app.current_tenant");
                }
            }
            return result("MIG12", "Tenant isolation policy", SECURITY, Severity.CRITICAL, problems,
                    List.of("`<table>_tenant_isolation` FOR ALL on app.current_tenant on " + presentTables().size() + " tables"),
                    "Recreate the tenant policies (`queue-schema migrate`).");
        }

        Result mig13() {
            String down = migrations.stream().map(m -> sqlOf(m.down(settings))).collect(Collectors.joining("\n"));
            List<String> problems = QueueSchema.TABLES.stream().map(TenantTable::tableName)
                    .filter(t -> !down.contains("alter table " + quoted(t) + " disable row level security"))
                    .map(t -> "no down step disables row-level security on " + t).toList();
            return result("MIG13", "RLS disabled in down migration", SECURITY, Severity.HIGH, problems,
                    List.of("down steps disable (and un-force) row-level security on all " + QueueSchema.TABLES.size() + " tables"),
                    "Add `ALTER TABLE ... NO FORCE / DISABLE ROW LEVEL SECURITY` to the down steps.");
        }

        Result mig14() {
            String up = migrations.stream().map(m -> sqlOf(m.up(settings))).collect(Collectors.joining("\n"));
            String down = migrations.stream().map(m -> sqlOf(m.down(settings))).collect(Collectors.joining("\n"));
            List<String> created = new ArrayList<>();
            java.util.regex.Matcher policies = java.util.regex.Pattern.compile("create policy (\"\\w+\") on (\"\\w+\")").matcher(up);
            while (policies.find()) {
                created.add("drop policy if exists " + policies.group(1) + " on " + policies.group(2));
            }
            List<String> problems = created.stream().filter(drop -> !down.contains(drop))
                    .map(drop -> "no down step: " + drop).toList();
            return result("MIG14", "Policies dropped in down migration", SECURITY, Severity.HIGH, problems,
                    List.of(created.size() + " policies created by up steps, each dropped by a down step"),
                    "Add `DROP POLICY IF EXISTS` for every policy to the down steps.");
        }

        Result mig15() throws SQLException {
            List<String> problems = new ArrayList<>();
            List<String> found = new ArrayList<>();
            if (one("select to_regclass('rate_limiters')::text") == null) {
                problems.add("table rate_limiters does not exist");
            } else {
                RolledBackTransaction.run(c, () -> {
                    // Under FORCE ROW LEVEL SECURITY the owner sees the system tenant's rows only as that tenant.
                    one("select set_config('app.current_tenant', ?, true)", settings.systemTenant().toString());
                    for (RateLimiterSeed.Provider provider : RateLimiterSeed.PROVIDERS) {
                        String row = one("select bucket_size || '/' || max_concurrent from rate_limiters where tenant_id = ?::uuid "
                                + "and service_name = ?", settings.systemTenant().toString(), provider.serviceName());
                        if (row == null) {
                            problems.add("seed row " + provider.serviceName() + " of the system tenant is missing");
                        } else {
                            found.add(provider.serviceName() + " (bucket/max concurrent " + row + ")");
                        }
                    }
                    return null;
                });
            }
            return result("MIG15", "Initial data seeding", SEEDING, Severity.MEDIUM, problems,
                    List.of("rate_limiters of system tenant " + settings.systemTenant() + ": " + String.join(", ", found)),
                    "Re-run the seed: `queue-schema rollback --to 2` then `queue-schema migrate` (it never overwrites tuned rows).");
        }

        Result mig16() {
            List<String> problems = new ArrayList<>();
            List<String> evidence = new ArrayList<>();
            for (SchemaMigration m : migrations) {
                if (sqlOf(m.up(settings)).contains("insert into \"rate_limiters\"")) {
                    String down = sqlOf(m.down(settings));
                    if (down.contains("delete from \"rate_limiters\" where")) {
                        evidence.add(m.getClass().getSimpleName() + " seeds rate_limiters; its down deletes exactly the seeded rows");
                    } else {
                        problems.add(m.getClass().getSimpleName() + " seeds rate_limiters but its down steps do not delete the seed rows");
                    }
                }
            }
            if (evidence.isEmpty() && problems.isEmpty()) {
                problems.add("no migration seeds rate_limiters");
            }
            return result("MIG16", "Seed data deleted explicitly in down", SEEDING, Severity.MEDIUM, problems, evidence,
                    "Delete exactly the seeded rows first in the seeding migration's down steps.");
        }

        Result mig17() throws SQLException {
            List<String> problems = new ArrayList<>();
            int statements = migrations.stream().mapToInt(m -> m.up(settings).stream().mapToInt(step -> step.statements().size()).sum()).sum();
            RolledBackTransaction.run(c, () -> {
                StepRunner.limitLockWait(c, settings.lockTimeout());
                for (SchemaMigration m : migrations) {
                    try (Statement savepoint = c.createStatement()) {
                        savepoint.execute("savepoint reapply");
                        StepRunner.run(c, m.up(settings));
                    } catch (StepRunner.StepFailedException e) {
                        problems.add("re-applying V" + m.getVersion() + " failed: " + e.getMessage());
                        try (Statement back = c.createStatement()) {
                            back.execute("rollback to savepoint reapply");
                        }
                    }
                }
                return null;
            });
            return result("MIG17", "Idempotent operations", SAFETY, Severity.HIGH, problems,
                    List.of(statements + " statements of " + migrations.size() + " migrations re-applied over the existing objects "
                            + "in a transaction that was rolled back"),
                    "Use IF NOT EXISTS, OR REPLACE or a guard for every create.");
        }

        /**
         * A version runs in one transaction, or else declares that it commits step by step (an online
         * version: CONCURRENTLY, NOT VALID then VALIDATE), which is accepted by design when every statement
         * of it is idempotent, so that a run stopped half-way is finished by the next one.
         */
        Result mig18() {
            List<String> problems = new ArrayList<>();
            List<String> online = new ArrayList<>();
            for (SchemaMigration m : migrations) {
                String name = m.getClass().getSimpleName();
                List<SchemaStep> steps = new ArrayList<>(m.up(settings));
                steps.addAll(m.down(settings));
                if (m.canExecuteInTransaction()) {
                    String sql = sqlOf(steps).toLowerCase(java.util.Locale.ROOT);
                    for (String outside : List.of(" concurrently", "vacuum", "create database", "alter system")) {
                        if (sql.contains(outside)) {
                            problems.add(name + " uses" + outside + ", which cannot run in a transaction");
                        }
                    }
                    continue;
                }
                List<String> unsafe = steps.stream().map(Idempotence::firstNonIdempotent).flatMap(java.util.Optional::stream).toList();
                if (unsafe.isEmpty()) {
                    online.add(name);
                } else {
                    problems.add(name + " does not run in a transaction, and `" + unsafe.get(0) + "` is not idempotent: "
                            + "a run stopped half-way could not be finished by running it again");
                }
            }
            List<String> evidence = new ArrayList<>();
            evidence.add((migrations.size() - online.size()) + " migrations run in one transaction each (PostgreSQL DDL is transactional)");
            if (!online.isEmpty()) {
                evidence.add(String.join(", ", online) + " commit step by step by design (online DDL), every statement idempotent");
            }
            return result("MIG18", "Each migration is one transaction", SAFETY, Severity.HIGH, problems, evidence,
                    "Keep every statement transactional, or make each statement of a step-by-step version idempotent.");
        }

        Result mig19() {
            return result("MIG19", "Rollback tested", SAFETY, Severity.HIGH, rehearsal.upDownUpProblems,
                    List.of("rehearsal on `" + rehearsal.database + "`: up, down to 0, up again gave the same catalog "
                            + "(columns, defaults, constraints, indexes, triggers, RLS flags, policies, grants, comments, seed rows)"),
                    "Make down steps restore exactly the state before the up steps.");
        }

        Result mig20() {
            return result("MIG20", "No data loss on rollback", SAFETY, Severity.HIGH, rehearsal.dataLossProblems,
                    rehearsal.dataLossEvidence,
                    "Down steps must delete only seed rows; dropping tables with data must be refused unless forced.");
        }

        List<Result> tenancy() throws SQLException {
            List<Result> results = new ArrayList<>();
            Set<String> present = presentTables();
            List<String> missing = missingTables();

            List<String> noForce = new ArrayList<>(missing);
            for (String table : present) {
                if (!"true".equals(one("select relforcerowsecurity::text from pg_class where oid = ?::regclass", table))) {
                    noForce.add(table + ": row-level security is not forced, the owner reads every tenant");
                }
            }
            results.add(result("TEN1", "FORCE ROW LEVEL SECURITY on every tenant table", TENANCY, Severity.CRITICAL, noForce,
                    List.of("FORCE on " + present.size() + " tables"), "`ALTER TABLE ... FORCE ROW LEVEL SECURITY`."));

            List<String> clauses = new ArrayList<>(missing);
            List<String> casts = new ArrayList<>(missing);
            String expected = "(tenant_id = ( SELECT (NULLIF(current_setting('app.current_tenant'::text, true), ''::text))::uuid AS \"nullif\"))";
            for (String table : present) {
                List<List<String>> policy = rows("select coalesce(pg_get_expr(polqual, polrelid), ''), "
                        + "coalesce(pg_get_expr(polwithcheck, polrelid), '') from pg_policy where polrelid = ?::regclass and polname = ?",
                        table, table + "_tenant_isolation");
                if (policy.isEmpty()) {
                    clauses.add(table + ": no tenant policy");
                    casts.add(table + ": no tenant policy");
                    continue;
                }
                if (policy.get(0).get(0).isEmpty() || policy.get(0).get(1).isEmpty()) {
                    clauses.add(table + ": tenant policy lacks " + (policy.get(0).get(0).isEmpty() ? "USING" : "WITH CHECK"));
                }
                for (String expression : policy.get(0)) {
                    if (!expression.isEmpty() && !expression.equals(expected)) {
                        casts.add(table + ": tenant policy is `" + expression + "`");
                    }
                }
            }
            results.add(result("TEN2", "USING and WITH CHECK on every tenant policy", TENANCY, Severity.CRITICAL, clauses,
                    List.of("both clauses present on " + present.size() + " tenant policies"), "Recreate the tenant policies."));
            results.add(result("TEN3", "Policy compares uuid to uuid through a sub-select", TENANCY, Severity.HIGH, casts,
                    List.of("every tenant policy is `" + expected + "`: index-friendly, evaluated once per query"),
                    "Compare tenant_id to `(SELECT NULLIF(current_setting('app.current_tenant', true), '')::uuid)`, never `tenant_id::text`."));

            List<String> bypass = new ArrayList<>();
            for (List<String> policy : rows("select c.relname, p.polname, "
                    + "coalesce((select string_agg(case when r = 0 then 'public' else r::regrole::text end, ',') from unnest(p.polroles) r), ''), "
                    + "coalesce(pg_get_expr(p.polqual, p.polrelid), '') || ' ' || coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '') "
                    + "from pg_policy p join pg_class c on c.oid = p.polrelid where c.relname = any(?) order by 1, 2",
                    (Object) c.createArrayOf("text", present.toArray()))) {
                boolean tenantPolicy = policy.get(1).equals(policy.get(0) + "_tenant_isolation");
                String settingsRead = policy.get(3).replace("current_setting('app.current_tenant'", "");
                if (settingsRead.contains("current_setting(")) {
                    bypass.add(policy.get(0) + ": policy " + policy.get(1) + " reads a session setting: `" + policy.get(3).strip() + "`");
                } else if (!tenantPolicy && !policy.get(2).equals(settings.roles().maintenance())) {
                    bypass.add(policy.get(0) + ": policy " + policy.get(1) + " applies to " + policy.get(2)
                            + ", not only to " + settings.roles().maintenance());
                }
            }
            results.add(result("TEN4", "No setting-based bypass", TENANCY, Severity.CRITICAL, bypass,
                    List.of("besides the tenant policies, only `<table>_maintenance` TO " + settings.roles().maintenance()
                            + "; no policy reads any other setting"),
                    "Drop policies that widen visibility by a setting; use the maintenance role."));

            List<String> powers = new ArrayList<>();
            String app = settings.roles().application();
            List<List<String>> role = rows("select rolsuper::text, rolbypassrls::text, pg_has_role(rolname, ?, 'MEMBER')::text "
                    + "from pg_roles where rolname = ?", settings.roles().maintenance(), app);
            if (role.isEmpty()) {
                powers.add("service role " + app + " does not exist");
            } else {
                if (role.get(0).get(0).equals("true")) {
                    powers.add(app + " is a superuser");
                }
                if (role.get(0).get(1).equals("true")) {
                    powers.add(app + " has BYPASSRLS");
                }
                if (role.get(0).get(2).equals("true")) {
                    powers.add(app + " can act as " + settings.roles().maintenance());
                }
                for (String table : present) {
                    if ("true".equals(one("select pg_has_role(?, relowner, 'MEMBER')::text from pg_class where oid = ?::regclass", app, table))) {
                        powers.add(app + " owns " + table + " (or is a member of its owner)");
                    }
                }
            }
            results.add(result("TEN5", "Service role neither owner nor superuser nor BYPASSRLS", TENANCY, Severity.CRITICAL, powers,
                    List.of(app + ": not superuser, no BYPASSRLS, owns none of the tables, cannot become "
                            + settings.roles().maintenance()),
                    "Run the service as a member of " + app + " only; revoke ownership and powers."));

            List<String> global = new ArrayList<>();
            for (List<String> index : rows("select c.relname, i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
                    + "from pg_index i join pg_class c on c.oid = i.indrelid where c.relname = any(?) and i.indisunique "
                    + "and not i.indisprimary and (select attname from pg_attribute where attrelid = c.oid and attnum = i.indkey[0]) <> 'tenant_id'",
                    (Object) c.createArrayOf("text", present.toArray()))) {
                global.add(index.get(0) + ": `" + index.get(2) + "` is unique across tenants");
            }
            results.add(result("TEN6", "Uniqueness is per tenant", TENANCY, Severity.HIGH, global,
                    List.of("every unique constraint besides the primary keys leads with tenant_id"),
                    "Replace global unique constraints by UNIQUE (tenant_id, column)."));

            List<String> unindexed = new ArrayList<>(missing);
            for (String table : present) {
                if (one("select 1 from pg_index i where i.indrelid = ?::regclass and (select attname from pg_attribute "
                        + "where attrelid = i.indrelid and attnum = i.indkey[0]) = 'tenant_id'", table) == null) {
                    unindexed.add(table + ": no index leads with tenant_id");
                }
            }
            results.add(result("TEN7", "Every tenant_id indexed as a leading column", TENANCY, Severity.MEDIUM, unindexed,
                    List.of(present.size() + " tables have an index leading with tenant_id"),
                    "Add an index leading with tenant_id (`queue-schema migrate`)."));
            return results;
        }
    }

    /**
     * Rollback rehearsed on a scratch database on the audited server: migrate version by version, roll back
     * one version at a time comparing catalogs (MIG5), migrate again (MIG19), then check with tenant rows in
     * place that no rollback step loses them without refusing (MIG20).
     */
    private static final class Rehearsal {
        String database;
        final List<String> stepDownProblems = new ArrayList<>();
        final List<String> upDownUpProblems = new ArrayList<>();
        final List<String> dataLossProblems = new ArrayList<>();
        final List<String> dataLossEvidence = new ArrayList<>();

        static Rehearsal run(ConnectionSettings target, MigrationSettings settings, List<SchemaMigration> migrations) {
            Rehearsal rehearsal = new Rehearsal();
            ScratchDatabase scratch;
            try {
                scratch = ScratchDatabase.create(target.withDatabase("postgres"), "audit");
            } catch (IllegalStateException e) {
                throw new MigrationFailure("audit cannot run: the rollback rehearsal needs a scratch database on the "
                        + "audited server: " + e.getMessage(), e);
            }
            try (scratch) {
                rehearsal.database = scratch.name();
                rehearsal.rehearse(scratch.settings(), settings, migrations);
            } catch (SQLException | RuntimeException e) {
                String failure = "rehearsal failed: " + MigrationFailure.of("rehearsal", e).getMessage();
                rehearsal.stepDownProblems.add(failure);
                rehearsal.upDownUpProblems.add(failure);
                rehearsal.dataLossProblems.add(failure);
            }
            return rehearsal;
        }

        private void rehearse(ConnectionSettings scratch, MigrationSettings settings, List<SchemaMigration> migrations) throws SQLException {
            int latest = migrations.size();
            String[] atVersion = new String[latest + 1];
            atVersion[0] = snapshot(scratch);
            for (int v = 1; v <= latest; v++) {
                new QueueSchemaMigrations(scratch, settings, migrations.subList(0, v)).migrate();
                atVersion[v] = snapshot(scratch);
            }
            QueueSchemaMigrations all = new QueueSchemaMigrations(scratch, settings, migrations);
            for (int v = latest - 1; v >= 0; v--) {
                all.rollback(all.planRollback(v), false);
                String difference = firstDifference(atVersion[v], snapshot(scratch));
                if (difference != null) {
                    stepDownProblems.add("after rolling back to V" + v + " the catalog differs from V" + v + ": " + difference);
                }
            }
            all.migrate();
            String difference = firstDifference(atVersion[latest], snapshot(scratch));
            if (difference != null) {
                upDownUpProblems.add("up, down to 0, up again: the catalog differs: " + difference);
            }
            dataLoss(scratch, settings, all, latest);
        }

        /** With a tenant's job and rate limiter in place, every rollback step must keep them or refuse. */
        private void dataLoss(ConnectionSettings scratch, MigrationSettings settings, QueueSchemaMigrations all, int latest)
                throws SQLException {
            String tenant = "00000000-0000-0000-0000-00000000a0d1";
            try (Connection c = scratch.open(); Statement s = c.createStatement()) {
                s.execute("insert into tenants (id, name) values ('" + tenant + "', 'audit rehearsal')");
                s.execute("insert into jobs (tenant_id, queue, type) values ('" + tenant + "', 'rehearsal', 'check')");
                s.execute("insert into rate_limiters (tenant_id, service_name, tokens_available, max_concurrent, refill_rate, "
                        + "bucket_size) values ('" + tenant + "', 'rehearsal', 1, 1, 1, 1)");
            }
            for (int v = latest - 1; v >= 0; v--) {
                String before = tenantRows(scratch, tenant);
                RollbackPlan plan = all.planRollback(v);
                if (!plan.tablesAtRisk().isEmpty()) {
                    try {
                        all.rollback(plan, false);
                        dataLossProblems.add("rollback to V" + v + " dropped " + plan.describeTablesAtRisk() + " without --force");
                    } catch (MigrationFailure refused) {
                        if (!tenantRows(scratch, tenant).equals(before)) {
                            dataLossProblems.add("refused rollback to V" + v + " still changed tenant rows");
                        }
                        dataLossEvidence.add("rollback to V" + v + " refused: " + plan.describeTablesAtRisk()
                                + " hold rows that are not seed rows");
                    }
                    return;
                }
                all.rollback(plan, false);
                String after = tenantRows(scratch, tenant);
                if (!after.equals(before)) {
                    dataLossProblems.add("rollback to V" + v + " lost tenant rows without refusing: before " + before + ", after " + after);
                } else {
                    dataLossEvidence.add("rollback to V" + v + " kept the tenant's rows (" + after + ")");
                }
            }
        }

        private static String tenantRows(ConnectionSettings scratch, String tenant) throws SQLException {
            try (Connection c = scratch.open()) {
                return RolledBackTransaction.run(c, () -> {
                    QueryRows.of(c, "select set_config('app.current_tenant', ?, true)", tenant);
                    return QueryRows.of(c, "select (select count(*) from jobs where tenant_id = ?::uuid) || ' job, ' "
                            + "|| (select count(*) from rate_limiters where tenant_id = ?::uuid) || ' rate limiter'", tenant, tenant)
                            .get(0).get(0);
                });
            }
        }

        private static String snapshot(ConnectionSettings scratch) throws SQLException {
            try (Connection c = scratch.open()) {
                return CatalogSnapshot.of(c);
            }
        }

        private static String firstDifference(String expected, String actual) {
            if (expected.equals(actual)) {
                return null;
            }
            List<String> a = expected.lines().toList();
            List<String> b = actual.lines().toList();
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                String left = i < a.size() ? a.get(i) : "(nothing)";
                String right = i < b.size() ? b.get(i) : "(nothing)";
                if (!left.equals(right)) {
                    return "expected `" + left + "`, found `" + right + "`";
                }
            }
            return "line endings differ";
        }
    }
}
