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
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.RecordedSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.citus.Distribution;
import org.queueservice.schema.migrations.FlywayChain;
import org.queueservice.schema.migrations.internal.SchemaChangeLock;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.migrations.preflight.Preflight;
import org.queueservice.schema.model.SqlRenderer;

/** {@code queue-schema rollback}: plans a rollback from the history, then undoes the versions it names. */
public final class Rollback {

    /** The versions undone (newest first) and what the guard found while undoing them. */
    public record Undone(List<String> versions, RollbackPlan.Inspection found) {
    }

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
     * unchanged seed rows, and only then drops, all before it commits.
     */
    public Undone run(RollbackPlan plan, boolean force) {
        return SchemaChangeLock.holding(connection, () -> undo(planHeld(plan.target()), force));
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
                // step is idempotent, so a rollback that stops half-way leaves the version recorded and is
                // finished by running it again.
                c.commit();
                StepRunner.runEachCommitted(c, plan.downSteps(migration), settings.lockTimeout());
            }
            try (Statement s = c.createStatement()) {
                for (org.jooq.Query forget : RollbackPlan.forgetVersion(migration.versionNumber())) {
                    s.execute(SqlRenderer.render(forget));
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw MigrationFailure.of("rollback of V" + migration.versionNumber() + " " + migration.getDescription(), e);
        }
    }
}
