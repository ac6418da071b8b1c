package org.queueservice.schema.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.adopt.Adoption;
import org.queueservice.schema.migrations.adopt.AdoptionPlan;
import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.internal.SchemaChangeLock;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.migrations.rollback.RollbackPlan;
import org.queueservice.schema.model.SqlRenderer;

/** The operations of the queue-schema command line, for programs and tests. */
public final class QueueSchemaMigrations {

    /** Flyway's history table; excluded from the schema snapshot and the generated code. */
    public static final String HISTORY_TABLE = "flyway_schema_history";

    private final ConnectionSettings connection;
    private final MigrationSettings settings;
    private final List<SchemaMigration> migrations;

    public QueueSchemaMigrations(ConnectionSettings connection, MigrationSettings settings) {
        this(connection, settings, Migrations.ALL);
    }

    /** With another chain of versions than {@link Migrations#all()}: how the generator and tests try a new version. */
    public QueueSchemaMigrations(ConnectionSettings connection, MigrationSettings settings, List<SchemaMigration> migrations) {
        this.connection = connection;
        this.settings = settings;
        this.migrations = Migrations.requireConsecutive(migrations);
    }

    Flyway flyway() {
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(connection.url(), connection.user(), connection.password())
                .javaMigrations(migrations.toArray(JavaMigration[]::new))
                .locations(new String[0]) // every migration is registered in Migrations, none is scanned for
                .table(HISTORY_TABLE)
                // The schema may already hold tables of other services (tenants, at least): record a
                // baseline below our first version instead of refusing, so that every migration still runs.
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .placeholders(settings.toPlaceholders())
                .cleanDisabled(true)
                .connectRetries(0);
        // Flyway's default holds its advisory lock in an open transaction, and CREATE INDEX CONCURRENTLY
        // waits for every older transaction to end: an online version would wait for that lock's holder,
        // itself, for ever. The session-level advisory lock serialises migrate runs just as well.
        configuration.getConfigurationExtension(PostgreSQLConfigurationExtension.class).setTransactionalLock(false);
        return configuration.load();
    }

    /**
     * Applies every pending migration, each in its own transaction (or, for an online version, step by
     * step), stopping at the first failure.
     */
    public MigrationReport migrate() {
        preflight();
        return report(SchemaChangeLock.holding(connection, () -> applyPending("migrate")));
    }

    /** Runs Flyway's migrate, once versions that stopped half-way are forgotten; called holding the schema change lock. */
    private MigrateResult applyPending(String operation) {
        try {
            resumeInterruptedVersions();
            return flyway().migrate();
        } catch (SQLException | RuntimeException e) {
            throw MigrationFailure.of(operation, e);
        }
    }

    private MigrationReport report(MigrateResult result) {
        List<String> applied = result.migrations.stream().map(m -> "V" + m.version + " " + m.description).toList();
        return new MigrationReport(applied, result.targetSchemaVersion == null
                ? result.initialSchemaVersion : result.targetSchemaVersion, summary());
    }

    /** One line per known migration: version, description, state, when it was applied. */
    public List<String> info() {
        try {
            List<String> lines = new ArrayList<>();
            for (MigrationInfo info : flyway().info().all()) {
                lines.add(String.format("V%-3s %-32s %-10s %s", info.getVersion(), info.getDescription(),
                        info.getState().getDisplayName(), info.getInstalledOn() == null ? "" : info.getInstalledOn()));
            }
            return lines;
        } catch (RuntimeException e) {
            throw MigrationFailure.of("info", e);
        }
    }

    /** Fails when an applied migration differs from the code (checksum, description) or one is missing. */
    public void validate() {
        ValidateResult result;
        try {
            result = flyway().validateWithResult();
        } catch (RuntimeException e) {
            throw MigrationFailure.of("validate", e);
        }
        if (!result.validationSuccessful) {
            MigrationInfo failed = java.util.Arrays.stream(flyway().info().all())
                    .filter(info -> info.getVersion() != null && info.getState().isFailed()).findFirst().orElse(null);
            if (failed != null) {
                int version = Integer.parseInt(failed.getVersion().getVersion());
                throw new MigrationFailure("validate failed: V" + version + " " + failed.getDescription() + " stopped half-way "
                        + "(its steps commit one by one and one failed; migrate says why). Fix what it names, such as rows "
                        + "that break a new constraint, then run migrate to finish it, or rollback --to " + (version - 1)
                        + " to undo it.");
            }
            String problems = result.invalidMigrations.stream()
                    .map(m -> "V" + m.version + ": " + m.errorDetails.errorMessage.replace('\n', ' '))
                    .reduce((a, b) -> a + "; " + b)
                    .orElse(result.getAllErrorMessages());
            throw new MigrationFailure("validate failed: " + problems);
        }
    }

    /**
     * Refusals that must come before Flyway touches anything.
     * <ul>
     * <li>A user who may not create objects in the schema: Flyway would retry creating its history table
     * for about ten seconds before giving up with the same error.</li>
     * <li>A database created by the original Knex migration: it has tables of the same names but global
     * unique constraints, a rate_limiters keyed by service_name and a second, ::text policy. Migrating over
     * it would skip those tables (IF NOT EXISTS), stop at the seed for want of a per-tenant key, and leave
     * a half-converted schema.</li>
     * </ul>
     */
    private void preflight() {
        try (Connection c = connection.open()) {
            org.jooq.Record state = DSL.using(c).fetchSingle("select current_user, current_schema(), "
                    + "has_schema_privilege(current_schema(), 'CREATE'), to_regclass(?) is not null, "
                    + "to_regclass('knex_migrations_queue') is not null", HISTORY_TABLE);
            boolean migrated = state.get(3, Boolean.class);
            if (!migrated && !state.get(2, Boolean.class)) {
                throw new MigrationFailure("migrate refused: " + state.get(0, String.class) + " may not create objects in schema "
                        + state.get(1, String.class) + " of " + connection.database() + "; run as the schema's owner or grant it CREATE. "
                        + "Nothing was changed.");
            }
            if (!migrated && state.get(4, Boolean.class)) {
                throw new MigrationFailure("migrate refused: " + connection.database() + " was created by the original Knex "
                        + "migration (knex_migrations_queue exists, " + HISTORY_TABLE + " does not); convert it with "
                        + "queue-schema adopt (try adopt --dry-run first). Nothing was changed.");
            }
        } catch (SQLException e) {
            throw MigrationFailure.of("migrate", e);
        }
    }

    /**
     * A version that commits step by step and failed half-way is recorded by Flyway as failed, and Flyway
     * then refuses to migrate at all. Such versions are idempotent by design: forgetting the failed record
     * lets the next migrate run the version again from its first step, which finishes what was left. A
     * failed transactional version is never recorded (its transaction was rolled back), so this touches
     * nothing else.
     */
    private void resumeInterruptedVersions() throws SQLException {
        List<String> resumable = migrations.stream().filter(m -> !m.canExecuteInTransaction())
                .map(m -> m.getVersion().getVersion()).toList();
        if (resumable.isEmpty()) {
            return;
        }
        try (Connection c = connection.open()) {
            if (DSL.using(c).fetchValue("select to_regclass(?)", HISTORY_TABLE) == null) {
                return;
            }
            try (java.sql.PreparedStatement forget = c.prepareStatement(SqlRenderer.render(
                    DSL.deleteFrom(DSL.table(DSL.name(HISTORY_TABLE))).where(DSL.field(DSL.name("success")).isFalse())
                            .and(DSL.field(DSL.name("version"), String.class).in(resumable))))) {
                forget.executeUpdate();
            }
        }
    }

    /**
     * Recognises a database built by the original Knex migration, runs the read-only preflight and plans
     * its conversion, changing nothing. Refuses, naming why, an adopted, a fresh or an unrelated database.
     */
    public AdoptionPlan planAdoption() {
        try (Connection c = connection.open()) {
            boolean historyPresent = DSL.using(c).fetchValue("select to_regclass(?)", HISTORY_TABLE) != null;
            MigrationInfoService history = historyPresent ? flyway().info() : null;
            if (history != null && history.pending().length == 0) {
                String version = history.current() == null ? "0" : history.current().getVersion().getVersion();
                throw new MigrationFailure("adopt refused: " + connection.database() + " is adopted already (" + HISTORY_TABLE
                        + " is at version " + version + ", nothing pending); use migrate, validate and info. Nothing was changed.");
            }
            return new Adoption(connection, settings).plan(historyPresent);
        } catch (SQLException | RuntimeException e) {
            throw MigrationFailure.of("adopt", e);
        }
    }

    /**
     * Converts the database online, then records every version in Flyway's history by letting Flyway apply
     * them over the converted schema, where each is a no-op (every statement is idempotent, MIG17): the
     * history then holds exactly what a migrate writes, checksums, types and baseline included. The plan
     * is worked out again once the schema change lock is held, and adopt refuses, changing nothing, while
     * the preflight finds a problem.
     */
    public MigrationReport adopt() {
        return report(SchemaChangeLock.holding(connection, () -> {
            AdoptionPlan plan = planAdoption();
            if (!plan.findings().isEmpty()) {
                throw new MigrationFailure("adopt refused: the preflight found " + plan.findings().size() + " problem(s): "
                        + String.join("; ", plan.findings()) + ". Nothing was changed.");
            }
            new Adoption(connection, settings).convert(plan);
            return applyPending("adopt: recording the versions");
        }));
    }

    /**
     * Creates the database named in the connection URL when the server says it does not exist.
     * Returns whether it did. Any other connection problem is left for the operation to report.
     */
    public boolean createDatabaseIfMissing() {
        try (Connection ignored = connection.open()) {
            return false;
        } catch (SQLException e) {
            if (!"3D000".equals(e.getSQLState())) {
                return false;
            }
        }
        try (Connection c = connection.withDatabase("postgres").open(); Statement s = c.createStatement()) {
            s.execute(SqlRenderer.render(DSL.createDatabase(DSL.name(connection.database()))));
            return true;
        } catch (SQLException e) {
            throw new MigrationFailure("database " + connection.database()
                    + " does not exist and could not be created: " + DatabaseError.describe(e), e);
        }
    }

    /**
     * Plans a rollback to {@code target} (0 undoes everything) without changing anything. Refuses when the
     * applied migrations no longer match the code: their down steps would not be the inverse of what ran.
     */
    public RollbackPlan planRollback(int target) {
        if (target < 0) {
            throw new MigrationFailure("rollback refused: --to must be 0 or a version, got " + target);
        }
        try {
            Flyway flyway = Flyway.configure().configuration(flyway().getConfiguration())
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
                return RollbackPlan.prepare(c, migrations, applied, target, settings);
            }
        } catch (SQLException | RuntimeException e) {
            throw MigrationFailure.of("rollback", e);
        }
    }

    /**
     * Runs a rollback to the plan's target: each migration's down steps and the removal of its history row
     * in one transaction, newest first, so a later migrate applies it again. Refuses, before changing
     * anything, when tables or columns to drop hold data other than seed rows, unless {@code force}. The
     * plan is worked out again once the schema change lock is held: a rollback that waited behind a long
     * migrate must count the rows written meanwhile, not those of its dry run.
     */
    public void rollback(RollbackPlan plan, boolean force) {
        SchemaChangeLock.holding(connection, () -> {
            RollbackPlan current = planRollback(plan.target());
            if (!current.tablesAtRisk().isEmpty() && !force) {
                throw new MigrationFailure("rollback refused: these tables or columns would be dropped with data that is not "
                        + "seed data: " + current.describeTablesAtRisk() + ". Nothing was changed; use --force to drop them.");
            }
            undo(current);
            return null;
        });
    }

    private void undo(RollbackPlan plan) {
        try (Connection c = connection.open()) {
            c.setAutoCommit(false);
            for (SchemaMigration migration : plan.migrations()) {
                try {
                    if (migration.canExecuteInTransaction()) {
                        StepRunner.limitLockWait(c, settings.lockTimeout());
                        StepRunner.run(c, plan.downSteps(migration));
                    } else {
                        // Committed step by step like its up steps; each is idempotent, so a rollback that
                        // stops half-way leaves the version recorded and is finished by running it again.
                        StepRunner.runEachCommitted(c, plan.downSteps(migration), settings.lockTimeout());
                    }
                    try (Statement s = c.createStatement()) {
                        s.execute(SqlRenderer.render(RollbackPlan.forgetVersion(migration.versionNumber())));
                    }
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    c.rollback();
                    throw MigrationFailure.of("rollback of V" + migration.versionNumber() + " " + migration.getDescription(), e);
                }
            }
        } catch (SQLException e) {
            throw MigrationFailure.of("rollback", e);
        }
    }

    SchemaSummary summary() {
        try (Connection c = connection.open()) {
            return SchemaSummary.read(c);
        } catch (SQLException e) {
            throw MigrationFailure.of("reading the migrated schema", e);
        }
    }

    /** What migrate did. {@code version} is null when nothing has ever been applied. */
    public record MigrationReport(List<String> applied, String version, SchemaSummary schema) {
    }
}
