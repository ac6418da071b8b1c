package org.queueservice.schema.migrations.rollback;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.ValidateResult;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.RecordedSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.citus.Distribution;
import org.queueservice.schema.migrations.FlywayChain;
import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.internal.FailedTransaction;
import org.queueservice.schema.migrations.internal.SchemaChangeLock;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.migrations.preflight.Preflight;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.SqlRenderer;

/** {@code queue-schema rollback}: plans a rollback from the history, then undoes the versions it names. */
public final class Rollback {

    /** The versions undone (newest first) and what the guard found while undoing them. */
    public record Undone(List<String> versions, RollbackPlan.Inspection found) {
    }

    /**
     * How the history row of an online version whose down path stopped part-way begins its installed_by: it is
     * marked failed like one whose up path stopped half-way, and this tells the two apart for validate.
     */
    private static final String HALF_ROLLED_BACK_BY = "rollback by ";

    private final FlywayChain chain;
    private final ConnectionSettings connection;
    private final MigrationSettings settings;

    public Rollback(FlywayChain chain) {
        this.chain = chain;
        this.connection = chain.connection();
        this.settings = chain.settings();
    }

    /**
     * Plans a rollback to {@code target} (0 undoes everything) without changing anything, holding the schema
     * change lock so that the plan never reads tables a migrate is changing. Refuses when the applied
     * migrations no longer match the code: their down steps would not be the inverse of what ran.
     */
    public RollbackPlan plan(int target) {
        return SchemaChangeLock.holding(connection, () -> planHeld(target));
    }

    /**
     * Runs a rollback to the plan's target, newest version first, removing each version's history row so
     * that a later migrate applies it again. The plan is worked out again once the schema change lock is
     * held (a rollback that waited behind a migrate must see what it did). Versions that run in one
     * transaction are undone together in one: it first locks the tables it would take data from, so that no
     * writer gets in, counts their rows, refuses unless {@code force} when they hold data other than
     * unchanged seed rows, and only then drops, all before it commits. An online version's down steps commit one
     * by one: a failure after some of them committed leaves it recorded as failed, half rolled back.
     */
    public Undone run(RollbackPlan plan, boolean force) {
        return SchemaChangeLock.holding(connection, () -> undo(planHeld(plan.target()), force));
    }

    /** Whether {@code version}, recorded as failed, is so because its down path stopped part-way, not its up path. */
    public static boolean halfRolledBack(MigrationInfo version) {
        return version.getInstalledBy() != null && version.getInstalledBy().startsWith(HALF_ROLLED_BACK_BY);
    }

    private RollbackPlan planHeld(int target) {
        if (target < 0) {
            throw new MigrationFailure("rollback refused: --to must be 0 or a version, got " + target);
        }
        chain.requireRecordedSettings("rollback");
        try {
            Flyway flyway = Flyway.configure().configuration(chain.flyway().getConfiguration())
                    .ignoreMigrationPatterns("*:pending").load();
            // A version that commits step by step and failed is recorded as failed: it stopped half-way,
            // and rollback is one way out (its down steps are idempotent). Only that is forgiven here.
            Set<String> stopped = new TreeSet<>();
            for (MigrationInfo info : flyway.info().all()) {
                if (info.getVersion() != null && info.getState().isFailed()) {
                    stopped.add(info.getVersion().getVersion());
                }
            }
            ValidateResult validation = flyway.validateWithResult();
            boolean valid = validation.validationSuccessful || !validation.invalidMigrations.isEmpty()
                    && validation.invalidMigrations.stream().allMatch(m -> stopped.contains(m.version));
            if (!valid) {
                throw new MigrationFailure("rollback refused: applied migrations do not match the code; "
                        + "run validate for details. Nothing was changed.");
            }
            Set<Integer> applied = new TreeSet<>();
            for (MigrationInfo info : flyway.info().all()) {
                if (info.getVersion() != null && (info.getState().isApplied() || info.getState().isFailed())
                        && !info.getVersion().getVersion().equals("0")) {
                    applied.add(Integer.parseInt(info.getVersion().getVersion()));
                }
            }
            try (Connection c = connection.open()) {
                Preflight.requirePublicSchema(c, "rollback");
                Optional<String> distributed = Distribution.rollbackRefusal(c, target);
                if (distributed.isPresent()) {
                    throw new MigrationFailure(distributed.get());
                }
                return RollbackPlan.prepare(c, chain.migrations(), applied, target, settings);
            }
        } catch (SQLException | RuntimeException e) {
            throw MigrationFailure.of("rollback", e);
        }
    }

    private Undone undo(RollbackPlan plan, boolean force) {
        List<String> undone = new ArrayList<>();
        List<RollbackPlan.TableAtRisk> dropped = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        try (Connection c = connection.open()) {
            c.setAutoCommit(false);
            if (!force && plan.transactions().size() > 1) {
                // A later transaction's refusal would come after the earlier ones committed (an online version above
                // it undone already): count what every transaction would drop first, so that a refusal changes nothing.
                for (List<SchemaMigration> transaction : plan.transactions()) {
                    StepRunner.limitLockWait(c, settings.lockTimeout());
                    RollbackPlan.Inspection found = plan.lockAndInspect(c, transaction);
                    if (!found.atRisk().isEmpty()) {
                        c.rollback();
                        throw new MigrationFailure("rollback refused: these tables or columns would be dropped or narrowed with data "
                                + "that is not seed data: " + found.describeAtRisk() + ". Nothing was changed; use --force to drop or narrow them.");
                    }
                }
                c.rollback();
            }
            for (List<SchemaMigration> transaction : plan.transactions()) {
                StepRunner.limitLockWait(c, settings.lockTimeout());
                RollbackPlan.Inspection found = plan.lockAndInspect(c, transaction);
                if (!found.atRisk().isEmpty() && !force) {
                    c.rollback();
                    throw new MigrationFailure("rollback refused: these tables or columns would be dropped or narrowed with data that "
                            + "is not seed data: " + found.describeAtRisk() + ". " + (undone.isEmpty() ? "Nothing was changed"
                            : "Undone before that: " + String.join(", ", undone)) + "; use --force to drop or narrow them.");
                }
                try {
                    if (transaction.get(0).canExecuteInTransaction()) {
                        for (SchemaMigration migration : transaction) {
                            undoInTransaction(c, plan, migration);
                        }
                        RecordedSettings.rerecord(c, settings);
                        c.commit();
                    } else {
                        undoOnline(c, plan, transaction.get(0));
                    }
                } catch (LeftBetweenVersions e) {
                    int version = transaction.get(0).versionNumber();
                    String where = e.undidPart ? " is between version " + (version - 1) + " and " + version + ": run rollback --to "
                            + plan.target() + " again to finish"
                            : " is at version " + version + ", recorded as half rolled back: run rollback --to " + plan.target()
                            + " again to undo it";
                    throw new MigrationFailure(e.getMessage() + "; " + (undone.isEmpty() ? "no version was rolled back fully"
                            : "rolled back fully: " + String.join(", ", undone)) + "; " + connection.database() + where
                            + ", or migrate to apply V" + version + (undone.isEmpty() ? "" : " and the versions above it") + " again.",
                            e.getCause());
                } catch (MigrationFailure | SQLException e) {
                    // Earlier transactions are committed: say what is already undone and where the database stands.
                    String failure = e instanceof MigrationFailure ? e.getMessage() : MigrationFailure.of("rollback", e).getMessage();
                    throw new MigrationFailure(failure + "; " + (undone.isEmpty() ? "nothing was rolled back"
                            : "rolled back " + String.join(", ", undone)) + "; " + connection.database() + " is at version "
                            + transaction.get(0).versionNumber() + ".", e);
                }
                transaction.forEach(m -> undone.add("V" + m.versionNumber() + " " + m.getDescription()));
                dropped.addAll(found.atRisk());
                kept.addAll(found.kept());
            }
        } catch (SQLException e) {
            throw MigrationFailure.of("rollback", e);
        }
        return new Undone(undone, new RollbackPlan.Inspection(dropped, kept));
    }

    private void undoInTransaction(Connection c, RollbackPlan plan, SchemaMigration migration) throws SQLException {
        try {
            StepRunner.run(c, plan.downSteps(migration));
            forget(c, migration);
        } catch (SQLException | RuntimeException e) {
            FailedTransaction.rollBack(c, e);
            throw MigrationFailure.of("rollback of " + name(migration), e);
        }
    }

    /**
     * Committed step by step like its up steps (its guard's locks end with the first commit); each step is
     * idempotent, so a rollback that stops half-way is finished by running it again. The history row is marked
     * half rolled back, and that committed, before the first down step: a failure that stops a down path often
     * ends the connection too (pg_terminate_backend, a restart, a network drop), and a mark written only after it
     * would be lost with it, leaving a version recorded as applied on a schema between two versions.
     */
    private void undoOnline(Connection c, RollbackPlan plan, SchemaMigration migration) throws SQLException {
        c.commit();
        List<SchemaStep> down = plan.downSteps(migration);
        HistoryRow recorded;
        try {
            recorded = HistoryRow.markHalfRolledBack(c, migration.versionNumber());
        } catch (SQLException | RuntimeException e) {
            FailedTransaction.rollBack(c, e);
            throw MigrationFailure.of("rollback of " + name(migration), e);
        }
        try {
            StepRunner.runEachCommitted(c, down, settings.lockTimeout());
        } catch (StepRunner.StepFailedException e) {
            throw stoppedPartWay(c, migration, down, e, recorded);
        }
        try {
            // The lock timeout set for the last down step ended with its commit.
            StepRunner.limitLockWait(c, settings.lockTimeout());
            forget(c, migration);
            RecordedSettings.rerecord(c, settings);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            FailedTransaction.rollBack(c, e);
            throw new LeftBetweenVersions("rollback of " + name(migration) + ": its down steps all committed, but "
                    + MigrationFailure.of("removing it from the history", e).getMessage() + "; so " + name(migration)
                    + " is half rolled back, recorded as failed", e, true);
        }
    }

    private static void forget(Connection c, SchemaMigration migration) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (org.jooq.Query forget : RollbackPlan.forgetVersion(migration.versionNumber())) {
                s.execute(SqlRenderer.render(forget));
            }
        }
    }

    private static String name(SchemaMigration migration) {
        return "V" + migration.versionNumber() + " " + migration.getDescription();
    }

    /**
     * What an online version's down path that stopped at a step leaves. The steps before it committed, and a first
     * step that runs outside a transaction ({@code DROP INDEX CONCURRENTLY}) may have done part of its work: then
     * the database is between this version and the one below, as the history row marked before the first step
     * says, so that validate names it, migrate applies it again and rollback finishes it (both are idempotent).
     * Otherwise nothing changed, and the row is put back as it was (a version recorded as failed already stays so).
     */
    private RuntimeException stoppedPartWay(Connection c, SchemaMigration migration, List<SchemaStep> down,
                                            StepRunner.StepFailedException stopped, HistoryRow recorded) {
        String version = name(migration);
        String failure = "rollback of " + version + " failed at down step " + stopped.number() + " of " + stopped.of() + ": "
                + stopped.getMessage();
        if (stopped.number() > 1 || stopped.number() == 1 && down.get(0).autocommit()) {
            return new LeftBetweenVersions(failure + "; " + (stopped.number() == 1
                    ? "that step runs outside a transaction and may have done part of its work, so " + version
                            + " is taken as half rolled back, recorded as failed"
                    : "its down step" + (stopped.number() == 2 ? " 1" : "s 1 to " + (stopped.number() - 1)) + " committed, so "
                            + version + " is half rolled back, recorded as failed"), stopped, true);
        }
        try {
            recorded.restore(c);
        } catch (SQLException | RuntimeException e) {
            FailedTransaction.rollBack(c, e);
            stopped.addSuppressed(e);
            // Typically the connection is gone. Leaving a version that is wholly there recorded as half rolled back
            // is safe: a rollback runs its idempotent down steps from the first, and a migrate its idempotent up
            // steps, which find everything already there; validate names it until one of them has run.
            return new LeftBetweenVersions(failure + "; nothing of " + version + " was undone, but its history row, marked half "
                    + "rolled back before the first down step, could not be put back as it was ("
                    + (e instanceof SQLException sql ? DatabaseError.describe(sql) : e.getMessage()) + ")", stopped, false);
        }
        if (!recorded.success()) {
            return new LeftBetweenVersions(failure + "; nothing of " + version + " was undone, and it stays recorded as failed, as it was",
                    stopped, true);
        }
        return new MigrationFailure(failure, stopped);
    }

    /**
     * An online version's history row as it was before its down path started: a down path that changed nothing
     * puts it back, so that a rollback stopped at its first step leaves the history as it found it.
     */
    private record HistoryRow(int version, boolean success, String installedBy, LocalDateTime installedOn) {

        private static final org.jooq.Table<?> HISTORY = DSL.table(DSL.name(Migrations.HISTORY_TABLE));
        private static final org.jooq.Field<Boolean> SUCCESS = DSL.field(DSL.name("success"), Boolean.class);
        private static final org.jooq.Field<String> INSTALLED_BY = DSL.field(DSL.name("installed_by"), String.class);
        private static final org.jooq.Field<LocalDateTime> INSTALLED_ON = DSL.field(DSL.name("installed_on"), LocalDateTime.class);

        private static org.jooq.Condition row(int version) {
            return DSL.field(DSL.name("version"), String.class).eq(DSL.inline(Integer.toString(version)));
        }

        /** Reads the row, then marks it failed and half rolled back, and commits. */
        static HistoryRow markHalfRolledBack(Connection c, int version) throws SQLException {
            HistoryRow recorded;
            try (Statement s = c.createStatement();
                 ResultSet result = s.executeQuery(SqlRenderer.render(DSL.select(SUCCESS, INSTALLED_BY, INSTALLED_ON)
                         .from(HISTORY).where(row(version)).forUpdate()))) {
                if (!result.next()) {
                    throw new MigrationFailure("rollback of V" + version + " failed: " + Migrations.HISTORY_TABLE
                            + " has no row of V" + version + " any more: run rollback again to plan from the history as it is now");
                }
                recorded = new HistoryRow(version, result.getBoolean(1), result.getString(2), result.getObject(3, LocalDateTime.class));
            }
            update(c, recorded.version, DSL.inline(false), DSL.inline(HALF_ROLLED_BACK_BY).concat(DSL.currentUser()),
                    DSL.currentLocalDateTime());
            return recorded;
        }

        void restore(Connection c) throws SQLException {
            update(c, version, DSL.inline(success), DSL.inline(installedBy), DSL.inline(installedOn));
        }

        private static void update(Connection c, int version, org.jooq.Field<Boolean> success, org.jooq.Field<String> installedBy,
                                   org.jooq.Field<LocalDateTime> installedOn) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute(SqlRenderer.render(DSL.update(HISTORY).set(SUCCESS, success).set(INSTALLED_BY, installedBy)
                        .set(INSTALLED_ON, installedOn).where(row(version))));
            }
            c.commit();
        }
    }

    /** An online version's down path that stopped part-way, with what it did; the rollback says where the database is. */
    private static final class LeftBetweenVersions extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** False when nothing was undone, yet the version could not be put back to being recorded as applied. */
        final boolean undidPart;

        LeftBetweenVersions(String message, Exception cause, boolean undidPart) {
            super(message, cause);
            this.undidPart = undidPart;
        }
    }
}
