package org.queueservice.schema.migrations.rollback;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
                    for (SchemaMigration migration : transaction) {
                        undoVersion(c, plan, migration);
                    }
                    RecordedSettings.rerecord(c, settings);
                    c.commit();
                } catch (LeftBetweenVersions e) {
                    int version = transaction.get(0).versionNumber();
                    throw new MigrationFailure(e.getMessage() + "; " + (undone.isEmpty() ? "no version was rolled back fully"
                            : "rolled back fully: " + String.join(", ", undone)) + "; " + connection.database() + " is between version "
                            + (version - 1) + " and " + version + ": run rollback --to " + plan.target() + " again to finish, or migrate "
                            + "to apply V" + version + (undone.isEmpty() ? "" : " and the versions above it") + " again.", e.getCause());
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

    private void undoVersion(Connection c, RollbackPlan plan, SchemaMigration migration) throws SQLException {
        try {
            if (migration.canExecuteInTransaction()) {
                StepRunner.run(c, plan.downSteps(migration));
            } else {
                // Committed step by step like its up steps (its guard's locks end with the first commit); each
                // step is idempotent, so a rollback that stops half-way is finished by running it again.
                c.commit();
                List<SchemaStep> down = plan.downSteps(migration);
                try {
                    StepRunner.runEachCommitted(c, down, settings.lockTimeout());
                } catch (StepRunner.StepFailedException e) {
                    throw stoppedPartWay(c, migration, down, e);
                }
            }
            try (Statement s = c.createStatement()) {
                for (org.jooq.Query forget : RollbackPlan.forgetVersion(migration.versionNumber())) {
                    s.execute(SqlRenderer.render(forget));
                }
            }
        } catch (LeftBetweenVersions e) {
            throw e;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw MigrationFailure.of("rollback of V" + migration.versionNumber() + " " + migration.getDescription(), e);
        }
    }

    /**
     * What an online version's down path that stopped at a step leaves. The steps before it committed, and a first
     * step that runs outside a transaction ({@code DROP INDEX CONCURRENTLY}) may have done part of its work: then
     * the database is between this version and the one below, and the version's history row is marked failed, as an
     * up path that stopped half-way leaves it, so that validate names it, migrate applies it again and rollback
     * finishes it (both are idempotent). Otherwise nothing changed, and a version that was recorded as failed
     * already stays so.
     */
    private RuntimeException stoppedPartWay(Connection c, SchemaMigration migration, List<SchemaStep> down,
                                            StepRunner.StepFailedException stopped) throws SQLException {
        String version = "V" + migration.versionNumber() + " " + migration.getDescription();
        String failure = "rollback of " + version + " failed at down step " + stopped.number() + " of " + stopped.of() + ": "
                + stopped.getMessage();
        org.jooq.Table<?> history = DSL.table(DSL.name(Migrations.HISTORY_TABLE));
        org.jooq.Condition row = DSL.field(DSL.name("version"), String.class).eq(DSL.inline(Integer.toString(migration.versionNumber())));
        if (stopped.number() > 1 || stopped.number() == 1 && down.get(0).autocommit()) {
            try (Statement s = c.createStatement()) {
                s.execute(SqlRenderer.render(DSL.update(history)
                        .set(DSL.field(DSL.name("success"), Boolean.class), DSL.inline(false))
                        .set(DSL.field(DSL.name("installed_by"), String.class), DSL.inline(HALF_ROLLED_BACK_BY).concat(DSL.currentUser()))
                        .set(DSL.field(DSL.name("installed_on"), java.sql.Timestamp.class), DSL.currentTimestamp())
                        .where(row)));
            }
            c.commit();
            return new LeftBetweenVersions(failure + "; " + (stopped.number() == 1
                    ? "that step runs outside a transaction and may have done part of its work, so " + version
                            + " is taken as half rolled back, recorded as failed"
                    : "its down step" + (stopped.number() == 2 ? " 1" : "s 1 to " + (stopped.number() - 1)) + " committed, so "
                            + version + " is half rolled back, recorded as failed"), stopped);
        }
        if (StepRunner.holds(c, DSL.exists(DSL.selectOne().from(history).where(row).and(DSL.field(DSL.name("success")).isFalse())))) {
            return new LeftBetweenVersions(failure + "; nothing of " + version + " was undone, and it stays recorded as failed, as it was",
                    stopped);
        }
        return new MigrationFailure(failure, stopped);
    }

    /** An online version's down path that stopped part-way, with what it did; the rollback says where the database is. */
    private static final class LeftBetweenVersions extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LeftBetweenVersions(String message, StepRunner.StepFailedException cause) {
            super(message, cause);
        }
    }
}
