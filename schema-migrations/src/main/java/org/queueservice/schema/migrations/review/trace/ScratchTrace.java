package org.queueservice.schema.migrations.review.trace;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.FlywayChain;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.history.Migrate;
import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.migrations.isolation.Breach;
import org.queueservice.schema.migrations.isolation.IsolationAttacks;
import org.queueservice.schema.migrations.provision.ScratchDatabase;
import org.queueservice.schema.migrations.provision.TwoTenants;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;
import org.queueservice.schema.migrations.security.IsolationContract;
import org.queueservice.schema.migrations.security.SecuritySurface;
import org.queueservice.schema.migrations.security.SurfaceChange;
import org.queueservice.schema.model.SqlRenderer;

/**
 * Applies the reviewed versions to a scratch database and watches them. The database is created on the
 * given server, migrated to the version before the first reviewed one with the project's own migrations,
 * filled with two tenants' rows, and always dropped at the end. It is migrated, and the reviewed statements
 * run, as a login made for it that owns the database and bypasses row-level security (as a superuser that
 * migrates would) but may not create or change roles: a version cannot reach the server's roles or other
 * databases through the review, it fails on the scratch database instead.
 * <p>
 * Each statement runs as {@code migrate} would run it: in the version's transaction, or in a step's, or
 * in autocommit. Inside a transaction each one runs under a savepoint, so that a failure is reported and
 * the statements after it are still watched. The locks come from {@code pg_locks}, read from a second
 * session: after the statement, in its transaction, for what it added; during an autocommit statement,
 * sampled until it ends. A rewrite is a table whose relfilenode changed with its rows kept; rows removed
 * or changed are counted per tenant. After each version the isolation attacks run as a login that is
 * only in the service role; a version is charged with the attacks that succeed after it and did not before,
 * and with the changes of the security surface (read before and after it) that the isolation contract refuses.
 */
public final class ScratchTrace {

    /** Bounds a statement on the scratch database, where nothing else waits: a sleep or a stuck lock ends the review, not CI. */
    static final Duration STATEMENT_LIMIT = Duration.ofSeconds(30);

    private static final String TABLES = "select c.relname, c.relfilenode::text from pg_class c "
            + "where c.relkind in ('r', 'p', 'm') and c.relnamespace = current_schema()::regnamespace";
    private static final String LOCKS = "select c.relname, l.mode from pg_locks l join pg_class c on c.oid = l.relation "
            + "where l.pid = ? and l.locktype = 'relation' and c.relkind in ('r', 'p', 'm') "
            + "and c.relnamespace = (select oid from pg_namespace where nspname = ?)";

    private final ConnectionSettings server;
    private final List<SchemaMigration> migrations;
    private final MigrationSettings settings;

    /**
     * @param server where the scratch database is created, as a login that may create databases and roles and grant BYPASSRLS
     * @param migrations every version, oldest first
     */
    public ScratchTrace(ConnectionSettings server, List<SchemaMigration> migrations, MigrationSettings settings) {
        this.server = server;
        this.migrations = List.copyOf(migrations);
        this.settings = settings;
    }

    /** Applies {@code reviewed} (the statements of consecutive versions, in order) and returns what each did. */
    public Trace run(List<ReviewedStatement> reviewed) throws SQLException {
        Map<SchemaMigration, List<ReviewedStatement>> byVersion = new LinkedHashMap<>();
        reviewed.forEach(s -> byVersion.computeIfAbsent(s.migration(), m -> new ArrayList<>()).add(s));
        int base = byVersion.keySet().iterator().next().versionNumber() - 1;
        try (ScratchDatabase scratch = ScratchDatabase.create(server, "review_trace")) {
            ConnectionSettings owner = scratch.ownerLogin();
            if (base > 0) {
                new Migrate(new FlywayChain(owner, settings, migrations.subList(0, base))).run();
            }
            try (Connection admin = scratch.open(); Statement s = admin.createStatement()) {
                s.execute(SqlRenderer.render(DSL.query("alter role {0} nocreaterole bypassrls", DSL.name(owner.user()))));
                Set<String> present = Set.copyOf(column(admin, "select relname from pg_class where relkind = 'r' "
                        + "and relnamespace = current_schema()::regnamespace"));
                if (present.contains("tenants")) {
                    s.execute(TwoTenants.tenants());
                    for (String table : TwoTenants.tables()) {
                        if (present.contains(table)) {
                            for (int n = 1; n <= 2; n++) {
                                s.execute(TwoTenants.insert(table, TwoTenants.ACME, n));
                                s.execute(TwoTenants.insert(table, TwoTenants.GLOBEX, n));
                            }
                        }
                    }
                }
            }
            ConnectionSettings service = scratch.loginAs(settings.roles().application());
            try (Connection migrating = owner.open(); Connection watching = scratch.open(); IsolationAttacks attacks = new IsolationAttacks(service)) {
                try (Statement s = migrating.createStatement()) {
                    s.execute("set statement_timeout = " + STATEMENT_LIMIT.toMillis());
                }
                Set<String> existing = Set.copyOf(tables(migrating).keySet());
                SchemaCatalog baseCatalog = SchemaCatalog.readStructure(migrating);
                SecuritySurface baseSurface = SecuritySurface.read(watching, settings);
                SchemaCatalog before = baseCatalog;
                SecuritySurface surfaceBefore = baseSurface;
                Set<Breach> known = new HashSet<>(attacks.breaches());
                List<VersionTrace> versions = new ArrayList<>();
                for (Map.Entry<SchemaMigration, List<ReviewedStatement>> version : byVersion.entrySet()) {
                    List<ObservedStatement> observed = apply(migrating, watching, version.getValue(), existing);
                    SchemaCatalog after = SchemaCatalog.readStructure(migrating);
                    List<String> changes = after.differencesFrom(before, "V" + version.getKey().versionNumber(),
                            "V" + (version.getKey().versionNumber() - 1));
                    before = after;
                    SecuritySurface surfaceAfter = SecuritySurface.read(watching, settings);
                    List<SurfaceChange> violations = IsolationContract.violations(surfaceBefore, surfaceAfter);
                    surfaceBefore = surfaceAfter;
                    List<Breach> breaches = attacks.breaches().stream().filter(b -> !known.contains(b)).toList();
                    known.addAll(breaches);
                    versions.add(new VersionTrace(version.getKey(), observed, changes, violations, breaches));
                }
                return new Trace(base, baseCatalog, baseSurface, existing, versions);
            }
        }
    }

    private List<ObservedStatement> apply(Connection migrating, Connection watching, List<ReviewedStatement> statements,
                                          Set<String> existing) throws SQLException {
        int pid = Integer.parseInt(QueryRows.of(migrating, "select pg_backend_pid()").get(0).get(0));
        String schema = QueryRows.of(migrating, "select current_schema()").get(0).get(0);
        List<ObservedStatement> observed = new ArrayList<>();
        String transaction = null;
        for (ReviewedStatement statement : statements) {
            if (statement.inTransaction() && !statement.transaction().equals(transaction)) {
                endTransaction(migrating);
                migrating.setAutoCommit(false);
                StepRunner.limitLockWait(migrating, settings.lockTimeout());
                transaction = statement.transaction();
            } else if (!statement.inTransaction()) {
                endTransaction(migrating);
                transaction = null;
                StepRunner.limitSessionLockWait(migrating, settings.lockTimeout());
            }
            Map<String, String> filesBefore = tables(migrating);
            Map<String, TenantRows> rowsBefore = rows(migrating, existing);
            Map<String, LockMode> locks;
            String failure;
            if (statement.inTransaction()) {
                Set<String> held = Set.copyOf(locks(watching, pid, schema));
                failure = inSavepoint(migrating, statement.sql());
                locks = strongest(locks(watching, pid, schema).stream().filter(l -> !held.contains(l)).toList());
            } else {
                List<String> seen = new ArrayList<>();
                failure = sampled(migrating, watching, pid, schema, statement.sql(), seen);
                locks = strongest(seen);
            }
            Map<String, String> filesAfter = tables(migrating);
            Map<String, TenantRows> rowsAfter = rows(migrating, existing);
            observed.add(effects(statement, locks, failure, filesBefore, filesAfter, rowsBefore, rowsAfter));
        }
        endTransaction(migrating);
        return observed;
    }

    private static ObservedStatement effects(ReviewedStatement statement, Map<String, LockMode> locks, String failure,
                                             Map<String, String> filesBefore, Map<String, String> filesAfter,
                                             Map<String, TenantRows> rowsBefore, Map<String, TenantRows> rowsAfter) {
        List<String> rewritten = new ArrayList<>();
        Map<String, Map<String, Long>> removed = new TreeMap<>();
        Map<String, List<String>> changed = new TreeMap<>();
        for (Map.Entry<String, TenantRows> entry : rowsBefore.entrySet()) {
            String table = entry.getKey();
            TenantRows before = entry.getValue();
            TenantRows after = rowsAfter.get(table);
            if (after == null) {
                continue; // dropped: QS110's business, not a removal of rows
            }
            boolean newFile = filesAfter.containsKey(table) && !filesAfter.get(table).equals(filesBefore.get(table));
            if (newFile && after.total() == before.total() && before.total() > 0) {
                rewritten.add(table);
            }
            Map<String, Long> gone = new TreeMap<>();
            List<String> touched = new ArrayList<>();
            for (String tenant : before.count().keySet()) {
                long lost = before.count().get(tenant) - after.count().getOrDefault(tenant, 0L);
                if (lost > 0) {
                    gone.put(tenant, lost);
                } else if (!newFile && !before.digest().get(tenant).equals(after.digest().get(tenant))) {
                    touched.add(tenant);
                }
            }
            if (!gone.isEmpty()) {
                removed.put(table, gone);
            }
            if (!touched.isEmpty()) {
                changed.put(table, touched);
            }
        }
        return new ObservedStatement(statement, locks, rewritten, removed, changed, failure);
    }

    /** Runs {@code sql} under a savepoint: the transaction goes on after a failure, which is returned. */
    private static String inSavepoint(Connection migrating, String sql) throws SQLException {
        Savepoint savepoint = migrating.setSavepoint();
        try (Statement s = migrating.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            migrating.rollback(savepoint);
            return DatabaseError.describe(e);
        }
        try {
            migrating.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            return "the statement ended the version's transaction: " + DatabaseError.describe(e);
        }
        return null;
    }

    /** Runs {@code sql} in autocommit on another thread, reading its locks until it ends; returns its failure, or null. */
    private static String sampled(Connection migrating, Connection watching, int pid, String schema, String sql,
                                  List<String> seen) throws SQLException {
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<?> running = runner.submit(() -> {
                try (Statement s = migrating.createStatement()) {
                    s.execute(sql);
                }
                return null;
            });
            while (!running.isDone()) {
                seen.addAll(locks(watching, pid, schema));
            }
            running.get();
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException failure) {
                return DatabaseError.describe(failure);
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while tracing: " + sql, e);
        } finally {
            runner.shutdownNow();
        }
    }

    private static void endTransaction(Connection migrating) throws SQLException {
        if (!migrating.getAutoCommit()) {
            migrating.commit();
            migrating.setAutoCommit(true);
        }
    }

    /** Each lock of the migrating session on a table of its schema, as {@code table mode}. */
    private static List<String> locks(Connection watching, int pid, String schema) throws SQLException {
        return QueryRows.of(watching, LOCKS, pid, schema).stream().map(r -> r.get(0) + " " + r.get(1)).toList();
    }

    private static Map<String, LockMode> strongest(List<String> locks) {
        Map<String, LockMode> strongest = new TreeMap<>();
        for (String lock : locks) {
            int space = lock.lastIndexOf(' ');
            strongest.merge(lock.substring(0, space), LockMode.of(lock.substring(space + 1)), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        return strongest;
    }

    private static Map<String, String> tables(Connection connection) throws SQLException {
        Map<String, String> files = new HashMap<>();
        QueryRows.of(connection, TABLES).forEach(r -> files.put(r.get(0), r.get(1)));
        return files;
    }

    /** Per table of the base with {@code tenant_id}: every row counted, and per tenant its rows and where each lives. */
    private static Map<String, TenantRows> rows(Connection connection, Set<String> existing) throws SQLException {
        Map<String, TenantRows> rows = new HashMap<>();
        for (String table : column(connection, "select c.relname from pg_class c join pg_attribute a on a.attrelid = c.oid "
                + "and a.attname = 'tenant_id' and not a.attisdropped where c.relkind in ('r', 'p') "
                + "and c.relnamespace = current_schema()::regnamespace")) {
            if (!existing.contains(table)) {
                continue;
            }
            String name = SqlRenderer.render(DSL.name(table));
            long total = Long.parseLong(QueryRows.of(connection, "select count(*) from " + name).get(0).get(0));
            Map<String, Long> count = new TreeMap<>();
            Map<String, String> digest = new TreeMap<>();
            count.put("acme", 0L);
            count.put("globex", 0L);
            digest.put("acme", "");
            digest.put("globex", "");
            for (List<String> r : QueryRows.of(connection, "select case tenant_id when ? then 'acme' else 'globex' end, count(*), "
                    + "md5(string_agg(ctid::text || ':' || xmin::text, ',' order by ctid)) from " + name
                    + " where tenant_id in (?, ?) group by 1", TwoTenants.ACME, TwoTenants.ACME, TwoTenants.GLOBEX)) {
                count.put(r.get(0), Long.parseLong(r.get(1)));
                digest.put(r.get(0), r.get(2));
            }
            rows.put(table, new TenantRows(total, count, digest));
        }
        return rows;
    }

    private static List<String> column(Connection connection, String sql) throws SQLException {
        return QueryRows.of(connection, sql).stream().map(r -> r.get(0)).toList();
    }

    /** One table's rows: all of them, and per tenant of the fixture how many and a digest of their row versions. */
    private record TenantRows(long total, Map<String, Long> count, Map<String, String> digest) {
    }
}
