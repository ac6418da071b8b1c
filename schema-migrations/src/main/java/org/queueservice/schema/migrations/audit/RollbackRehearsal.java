package org.queueservice.schema.migrations.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.FlywayChain;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.catalog.CatalogSnapshot;
import org.queueservice.schema.migrations.history.Migrate;
import org.queueservice.schema.migrations.internal.RolledBackTransaction;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.migrations.provision.ScratchDatabase;
import org.queueservice.schema.migrations.rollback.Rollback;
import org.queueservice.schema.migrations.rollback.RollbackPlan;
import org.queueservice.schema.migrations.security.SecuritySurface;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.TenantIsolation;
import org.queueservice.schema.model.Tenants;

/**
 * A rollback rehearsed on a database that holds nothing else: migrate version by version, recording the
 * catalog ({@link CatalogSnapshot}) of each version; roll back one version at a time, comparing each
 * catalog with the one recorded for that version; migrate again and compare with the first migration;
 * then, with a tenant's rows in place, roll back step by step and require every step to keep them or
 * refuse. The audit runs it on a scratch database ({@link #onScratchDatabase}: MIG5, MIG19, MIG20, and TEN8 compares
 * the security surface of its first migration with the audited one's), and
 * RollbackIT on its own test database. The phases run in that order; each adds what it found to the
 * rehearsal's lists, which keep what was found before a failure.
 */
public final class RollbackRehearsal {

    /**
     * What the audit reports of a rehearsal on a scratch database.
     *
     * @param reapplyProblems versions whose up steps failed when re-applied over their own objects (MIG17)
     * @param freshSurface the security surface of the versions freshly migrated (TEN8), null when the rehearsal failed first
     */
    public record Outcome(String database, List<String> stepDownProblems, List<String> upDownUpProblems,
                          List<String> dataLossProblems, List<String> dataLossEvidence, List<String> reapplyProblems,
                          SecuritySurface freshSurface) {
    }

    private static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-00000000a0d1");

    private final ConnectionSettings database;
    private final MigrationSettings settings;
    private final List<SchemaMigration> migrations;
    private final String[] atVersion;
    private final List<String> stepDownDifferences = new ArrayList<>();
    private final List<String> upAgainDifferences = new ArrayList<>();
    private final List<String> dataLossProblems = new ArrayList<>();
    private final List<String> dataLossEvidence = new ArrayList<>();
    private final List<String> reapplyProblems = new ArrayList<>();

    /** On {@code database}, whose schema holds none of our objects yet. */
    public RollbackRehearsal(ConnectionSettings database, MigrationSettings settings, List<SchemaMigration> migrations) {
        this.database = database;
        this.settings = settings;
        this.migrations = List.copyOf(migrations);
        this.atVersion = new String[this.migrations.size() + 1];
    }

    /**
     * The audit's rehearsal, on a scratch database created on {@code target}'s server and dropped after: also
     * where MIG17 re-applies the migrations, so that no DDL lock is ever taken on the audited database. A
     * failure on the way is a problem of all four checks. The scratch database is held by a session of its
     * own, so that one a killed audit left behind is recognised and dropped by the next.
     */
    public static Outcome onScratchDatabase(ConnectionSettings target, MigrationSettings settings, List<SchemaMigration> migrations) {
        ScratchDatabase scratch;
        try {
            scratch = ScratchDatabase.createHeldBySession(target.withDatabase("postgres"), "audit");
        } catch (IllegalStateException e) {
            throw new MigrationFailure("audit cannot run: the rollback rehearsal needs a scratch database on the "
                    + "audited server: " + e.getMessage(), e);
        }
        RollbackRehearsal rehearsal = new RollbackRehearsal(scratch.settings(), settings, migrations);
        SecuritySurface fresh = null;
        try (scratch) {
            rehearsal.migrateVersionByVersion();
            try (Connection c = scratch.open()) {
                fresh = SecuritySurface.read(c, settings);
            }
            rehearsal.reapplyEveryVersion();
            rehearsal.rollBackOneVersionAtATime(false);
            rehearsal.migrateAgain();
            rehearsal.rollBackWithTenantRows();
        } catch (SQLException | RuntimeException e) {
            String failure = "rehearsal failed: " + MigrationFailure.of("rehearsal", e).getMessage();
            rehearsal.stepDownDifferences.add(failure);
            rehearsal.upAgainDifferences.add(failure);
            rehearsal.dataLossProblems.add(failure);
            rehearsal.reapplyProblems.add(failure);
        }
        return new Outcome(scratch.name(), List.copyOf(rehearsal.stepDownDifferences), List.copyOf(rehearsal.upAgainDifferences),
                List.copyOf(rehearsal.dataLossProblems), List.copyOf(rehearsal.dataLossEvidence),
                List.copyOf(rehearsal.reapplyProblems), fresh);
    }

    /**
     * With every version migrated: re-applies each version's up steps over its own objects, in a transaction
     * that is rolled back, each version behind a savepoint so that one failure does not hide the next.
     */
    void reapplyEveryVersion() throws SQLException {
        try (Connection c = database.open()) {
            RolledBackTransaction.run(c, () -> {
                StepRunner.limitLockWait(c, settings.lockTimeout());
                for (SchemaMigration m : migrations) {
                    try (Statement savepoint = c.createStatement()) {
                        savepoint.execute("savepoint reapply");
                        StepRunner.run(c, m.up(settings));
                    } catch (StepRunner.StepFailedException e) {
                        reapplyProblems.add("re-applying V" + m.getVersion() + " failed: " + e.getMessage());
                        try (Statement back = c.createStatement()) {
                            back.execute("rollback to savepoint reapply");
                        }
                    }
                }
                return null;
            });
        }
    }

    /** Records the catalog of the empty schema, then migrates one version at a time, recording each catalog. */
    public void migrateVersionByVersion() throws SQLException {
        atVersion[0] = snapshot();
        for (int v = 1; v <= migrations.size(); v++) {
            new Migrate(upTo(v)).run();
            atVersion[v] = snapshot();
        }
    }

    /**
     * Rolls back from the latest version to 0 one version at a time, comparing each catalog with the one
     * recorded for that version. With {@code upAndDownAgain} every version undone is also migrated up
     * again and rolled back once more, comparing both catalogs.
     *
     * @return every difference found (also kept in {@link #stepDownDifferences()}); empty when all matched
     */
    public List<String> rollBackOneVersionAtATime(boolean upAndDownAgain) throws SQLException {
        for (int v = migrations.size() - 1; v >= 0; v--) {
            rollbackTo(v, "after rolling back to V" + v);
            if (upAndDownAgain) {
                new Migrate(upTo(v + 1)).run();
                compare(v + 1, "after migrating back up to V" + (v + 1), stepDownDifferences);
                rollbackTo(v, "after rolling back to V" + v + " again");
            }
        }
        return stepDownDifferences();
    }

    /**
     * After rolling back to 0: migrates every version again and compares with the first migration.
     *
     * @return the difference, if any (also kept in {@link #upAgainDifferences()})
     */
    public List<String> migrateAgain() throws SQLException {
        new Migrate(all()).run();
        String difference = firstDifference(atVersion[migrations.size()], snapshot());
        if (difference != null) {
            upAgainDifferences.add("up, down to 0, up again: the catalog differs: " + difference);
        }
        return upAgainDifferences();
    }

    /**
     * With the latest version migrated and a tenant's job and rate limiter in place, rolls back one
     * version at a time: each step must keep the tenant's rows, or refuse (the data-loss guard) and
     * change nothing. Stops at the first refusal.
     */
    public void rollBackWithTenantRows() throws SQLException {
        try (Connection c = database.open()) {
            DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
            db.insertInto(Tenants.TABLE, Tenants.ID, Tenants.TENANT_NAME).values(TENANT, "audit rehearsal").execute();
            db.insertInto(QueueSchema.JOBS.table(), QueueSchema.JOBS.tenantId, QueueSchema.JOBS.queue, QueueSchema.JOBS.type)
                    .values(TENANT, "rehearsal", "check").execute();
            var limiters = QueueSchema.RATE_LIMITERS;
            db.insertInto(limiters.table(), limiters.tenantId, limiters.serviceName, limiters.tokensAvailable,
                            limiters.maxConcurrent, limiters.refillRate, limiters.bucketSize)
                    .values(TENANT, "rehearsal", java.math.BigDecimal.ONE, 1, java.math.BigDecimal.ONE, 1).execute();
        }
        for (int v = migrations.size() - 1; v >= 0; v--) {
            String before = tenantRows();
            RollbackPlan plan = new Rollback(all()).plan(v);
            if (!plan.tablesAtRisk().isEmpty()) {
                try {
                    new Rollback(all()).run(plan, false);
                    dataLossProblems.add("rollback to V" + v + " dropped " + plan.describeTablesAtRisk() + " without --force");
                } catch (MigrationFailure refused) {
                    if (!tenantRows().equals(before)) {
                        dataLossProblems.add("refused rollback to V" + v + " still changed tenant rows");
                    }
                    dataLossEvidence.add("rollback to V" + v + " refused: " + plan.describeTablesAtRisk()
                            + " hold rows that are not seed rows");
                }
                return;
            }
            new Rollback(all()).run(plan, false);
            String after = tenantRows();
            if (!after.equals(before)) {
                dataLossProblems.add("rollback to V" + v + " lost tenant rows without refusing: before " + before + ", after " + after);
            } else {
                dataLossEvidence.add("rollback to V" + v + " kept the tenant's rows (" + after + ")");
            }
        }
    }

    /** Catalog differences found by rolling back (and, if asked, migrating back up) one version at a time. */
    public List<String> stepDownDifferences() {
        return List.copyOf(stepDownDifferences);
    }

    /** Catalog differences between the first migration and the one after rolling back to 0. */
    public List<String> upAgainDifferences() {
        return List.copyOf(upAgainDifferences);
    }

    /** Rollback steps that lost the tenant's rows, or dropped them without refusing. */
    public List<String> dataLossProblems() {
        return List.copyOf(dataLossProblems);
    }

    /** What each rollback step did with the tenant's rows. */
    public List<String> dataLossEvidence() {
        return List.copyOf(dataLossEvidence);
    }

    /** Built when used, so that a migration list Flyway refuses fails the rehearsal rather than its creation. */
    private FlywayChain all() {
        return upTo(migrations.size());
    }

    private FlywayChain upTo(int version) {
        return new FlywayChain(database, settings, migrations.subList(0, version));
    }

    private void rollbackTo(int version, String when) throws SQLException {
        Rollback rollback = new Rollback(all());
        rollback.run(rollback.plan(version), false);
        compare(version, when, stepDownDifferences);
    }

    private void compare(int version, String when, List<String> differences) throws SQLException {
        String difference = firstDifference(atVersion[version], snapshot());
        if (difference != null) {
            differences.add(when + " the catalog differs from V" + version + ": " + difference);
        }
    }

    /** The tenant's rows as its own transaction sees them, e.g. {@code 1 job, 1 rate limiter}. */
    private String tenantRows() throws SQLException {
        try (Connection c = database.open()) {
            return RolledBackTransaction.run(c, () -> {
                DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
                db.fetch("select set_config(?, ?, true)", TenantIsolation.SETTING, TENANT.toString());
                int jobs = db.fetchCount(QueueSchema.JOBS.table(), QueueSchema.JOBS.tenantId.eq(TENANT));
                int limiters = db.fetchCount(QueueSchema.RATE_LIMITERS.table(), QueueSchema.RATE_LIMITERS.tenantId.eq(TENANT));
                return jobs + " job, " + limiters + " rate limiter";
            });
        }
    }

    private String snapshot() throws SQLException {
        try (Connection c = database.open()) {
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
