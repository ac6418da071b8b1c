package org.queueservice.schema.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.CoreErrorCode;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.core.api.output.MigrateResult;
import org.flywaydb.core.api.output.ValidateResult;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.adopt.Adoption;
import org.queueservice.schema.migrations.adopt.AdoptionPlan;
import org.queueservice.schema.migrations.citus.CitusCatalog;
import org.queueservice.schema.migrations.citus.Distribution;
import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.internal.SchemaChangeLock;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.migrations.preflight.Preflight;
import org.queueservice.schema.migrations.repair.Repair;
import org.queueservice.schema.migrations.rollback.RollbackPlan;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.SqlRenderer;

/** The operations of the queue-schema command line, for programs and tests. */
public final class QueueSchemaMigrations {

    /** Flyway's history table; excluded from the schema snapshot and the generated code. */
    public static final String HISTORY_TABLE = "flyway_schema_history";

    /** The version up to which the queue tables and their tenant isolation are applied together. */
    private static final MigrationVersion TABLES_WITH_ISOLATION = MigrationVersion.fromVersion("2");

    /**
     * How the history row of an online version whose down path stopped part-way begins its installed_by: it is
     * marked failed like one whose up path stopped half-way, and this tells the two apart for validate.
     */
    private static final String HALF_ROLLED_BACK_BY = "rollback by ";

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
                .callbacks(new RecordedSettings.Recorder())
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
        return SchemaChangeLock.holding(connection, () -> {
            requireRecordedSettings("migrate");
            List<MigrateResult> runs = applyPending("migrate");
            return report(runs, distributeOnCoordinator());
        });
    }

    /**
     * On a Citus coordinator, places the tables no version has placed yet (all of them after the first migrate,
     * the table a later version adds after that); nothing on plain PostgreSQL.
     */
    private List<Distribution.Move> distributeOnCoordinator() {
        try (Connection c = connection.open()) {
            if (CitusCatalog.extensionVersion(c).isEmpty()) {
                return List.of();
            }
            return Distribution.run(c, settings, false, move -> { });
        } catch (SQLException e) {
            throw MigrationFailure.of("migrate: distributing the tables on the Citus coordinator", e);
        }
    }

    /**
     * {@code queue-schema distribute}: on a Citus coordinator, places the tables of a database at the latest
     * version that are still local (restored there from a single server, say), reporting each table to
     * {@code progress} as it is committed. Refuses, changing nothing, a database with versions pending or one
     * the preflight finds a problem with.
     */
    public List<Distribution.Move> distribute(boolean dryRun, Consumer<Distribution.Move> progress) {
        return SchemaChangeLock.holding(connection, () -> {
            requireRecordedSettings("distribute");
            MigrationInfo[] pending;
            try {
                pending = flyway().info().pending();
            } catch (RuntimeException e) {
                throw MigrationFailure.of("distribute", e);
            }
            if (pending.length > 0) {
                throw new MigrationFailure("distribute refused: " + connection.database() + " has versions pending ("
                        + java.util.Arrays.stream(pending).map(m -> "V" + m.getVersion().getVersion()).collect(Collectors.joining(", "))
                        + "); run migrate, which on a Citus coordinator also distributes the tables. Nothing was changed.");
            }
            try (Connection c = connection.open()) {
                return Distribution.run(c, settings, dryRun, progress);
            } catch (SQLException e) {
                throw MigrationFailure.of("distribute", e);
            }
        });
    }

    /**
     * Runs Flyway's migrate, once versions that stopped half-way are forgotten, V1 and V2 together when both
     * are pending; called holding the schema change lock.
     */
    private List<MigrateResult> applyPending(String operation) {
        try {
            resumeInterruptedVersions();
            List<MigrateResult> runs = new ArrayList<>();
            if (tablesWithoutIsolationPending()) {
                runs.add(Flyway.configure().configuration(flyway().getConfiguration())
                        .group(true).target(TABLES_WITH_ISOLATION.getVersion()).load().migrate());
            }
            runs.add(flyway().migrate());
            return runs;
        } catch (FlywayValidateException e) {
            throw invalid(operation, e);
        } catch (SQLException | RuntimeException e) {
            throw MigrationFailure.of(operation, e);
        }
    }

    private MigrationReport report(List<MigrateResult> results) {
        return report(results, List.of());
    }

    private MigrationReport report(List<MigrateResult> results, List<Distribution.Move> distributed) {
        List<String> applied = results.stream().flatMap(result -> result.migrations.stream())
                .map(m -> "V" + m.version + " " + m.description).toList();
        MigrateResult last = results.get(results.size() - 1);
        return new MigrationReport(applied, last.targetSchemaVersion == null
                ? last.initialSchemaVersion : last.targetSchemaVersion, summary(), distributed);
    }

    /**
     * Whether V1 (the tables) is to be applied with V2 (their row-level security, policies and grants) still
     * to come. Each version commits on its own, so a V2 that failed (a missing CREATEROLE, a lock timeout)
     * would leave the ten tables readable without any policy; the two are therefore applied in one
     * transaction, all or nothing. Later versions that add a table create it with its isolation.
     */
    private boolean tablesWithoutIsolationPending() {
        MigrationInfo current = flyway().info().current();
        return migrations.size() >= TABLES_WITH_ISOLATION.getMajor().intValue()
                && (current == null || current.getVersion().compareTo(TABLES_WITH_ISOLATION) < 0);
    }

    /**
     * One line per known migration: version, description, state, when it was applied; then, on a database
     * the original Knex migration built, a line saying that adopt, not migrate, applies them.
     */
    public List<String> info() {
        try {
            List<String> lines = new ArrayList<>();
            for (MigrationInfo info : flyway().info().all()) {
                lines.add(String.format("V%-3s %-32s %-10s %s", info.getVersion(), info.getDescription(),
                        info.getState().getDisplayName(), info.getInstalledOn() == null ? "" : info.getInstalledOn()));
            }
            unadopted().ifPresent(lines::add);
            lines.addAll(distributionLines());
            return lines;
        } catch (RuntimeException e) {
            throw MigrationFailure.of("info", e);
        }
    }

    /** On a Citus coordinator, a heading and how each table is placed; nothing on plain PostgreSQL. */
    private List<String> distributionLines() {
        try (Connection c = connection.open()) {
            Optional<String> citus = CitusCatalog.extensionVersion(c);
            if (citus.isEmpty()) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            lines.add("Citus " + citus.get() + " coordinator; tables of " + connection.database() + ":");
            CitusCatalog.distributions(c).forEach(table -> lines.add(table.line()));
            return lines;
        } catch (SQLException e) {
            throw MigrationFailure.of("info: reading the distribution of the tables", e);
        }
    }

    /**
     * Fails when an applied migration differs from the code (checksum, description) or one is missing, or
     * when the database is the original Knex migration's, adopted or not yet; returns the versions still
     * pending ("V3"), oldest first.
     */
    public List<String> validate() {
        // With no history, Flyway's validation passes and every version is pending, which says "run migrate";
        // migrate refuses such a database.
        Optional<String> unadopted = unadopted();
        if (unadopted.isPresent()) {
            throw new MigrationFailure("validate failed: " + unadopted.get());
        }
        ValidateResult result;
        try {
            result = validation();
        } catch (RuntimeException e) {
            throw MigrationFailure.of("validate", e);
        }
        if (!result.validationSuccessful) {
            MigrationInfo failed = java.util.Arrays.stream(flyway().info().all())
                    .filter(info -> info.getVersion() != null && info.getState().isFailed()).findFirst().orElse(null);
            if (failed != null) {
                int version = Integer.parseInt(failed.getVersion().getVersion());
                if (failed.getInstalledBy() != null && failed.getInstalledBy().startsWith(HALF_ROLLED_BACK_BY)) {
                    throw new MigrationFailure("validate failed: V" + version + " " + failed.getDescription() + " is half rolled back "
                            + "(its down steps commit one by one and one failed; rollback says why). Fix what it names, such as a "
                            + "lock held past the lock timeout, then run rollback --to " + (version - 1) + " to finish undoing it, "
                            + "or migrate to apply it again.");
                }
                throw new MigrationFailure("validate failed: V" + version + " " + failed.getDescription() + " stopped half-way "
                        + "(its steps commit one by one and one failed; migrate says why). Fix what it names, such as rows "
                        + "that break a new constraint, then run migrate to finish it, or rollback --to " + (version - 1)
                        + " to undo it.");
            }
            throw new MigrationFailure("validate failed: " + problems(result));
        }
        try {
            return java.util.Arrays.stream(flyway().info().pending()).map(m -> "V" + m.getVersion().getVersion()).toList();
        } catch (RuntimeException e) {
            throw MigrationFailure.of("validate", e);
        }
    }

    /**
     * What a database that has Knex's table and no Flyway history is, with what to run: adopt converts it,
     * or finishes what an interrupted adopt left, as adopt's own recognition tells the two apart. Empty for
     * any other database.
     */
    private Optional<String> unadopted() {
        try (Connection c = connection.open()) {
            return unadopted(c);
        } catch (SQLException e) {
            throw MigrationFailure.of("reading the history", e);
        }
    }

    private Optional<String> unadopted(Connection c) throws SQLException {
        boolean knexWithoutHistory = DSL.using(c).fetchSingle("select to_regclass(?) is null and to_regclass(?) is not null",
                HISTORY_TABLE, "knex_migrations_queue").get(0, Boolean.class);
        return knexWithoutHistory ? Optional.of(knexState()) : Optional.empty();
    }

    private String knexState() {
        return new Adoption(connection, settings).halfAdopted()
                ? connection.database() + " is half-adopted: an interrupted queue-schema adopt converted part of it and recorded "
                        + "no version in " + HISTORY_TABLE + "; run queue-schema adopt again to finish it."
                : connection.database() + " was created by the original Knex migration (knex_migrations_queue exists, "
                        + HISTORY_TABLE + " does not); convert it with queue-schema adopt (try adopt --dry-run first).";
    }

    /**
     * Flyway's validation of the applied versions. A version not yet applied is no mismatch: validating a
     * database before a release is deployed to it must pass, so pending versions are ignored as well as
     * Flyway's default, future ones.
     */
    private ValidateResult validation() {
        return Flyway.configure().configuration(flyway().getConfiguration())
                .ignoreMigrationPatterns("*:future", "*:pending").load().validateWithResult();
    }

    /**
     * Flyway's own message for a migrate it refused to start says only "Migrations have failed validation":
     * validate again to name each version, as validate does, falling back to that line if this fails too.
     */
    private MigrationFailure invalid(String operation, FlywayValidateException refused) {
        try {
            ValidateResult result = validation();
            if (!result.validationSuccessful) {
                return new MigrationFailure(operation + " failed: " + problems(result), refused);
            }
        } catch (RuntimeException again) {
            refused.addSuppressed(again);
        }
        return MigrationFailure.of(operation, refused);
    }

    /**
     * Each invalid version on one line. Flyway ends a checksum or description mismatch with "Either revert the
     * changes to the migration, or run repair to update the schema history": queue-schema's repair refuses a
     * version whose checksum differs and sends the operator to validate, so that advice is replaced by ours.
     */
    private static String problems(ValidateResult result) {
        return result.invalidMigrations.stream()
                .map(m -> {
                    String message = m.errorDetails.errorMessage.lines()
                            .filter(line -> !line.startsWith("Either revert the changes")).collect(Collectors.joining(" "));
                    boolean changed = m.errorDetails.errorCode == CoreErrorCode.CHECKSUM_MISMATCH
                            || m.errorDetails.errorCode == CoreErrorCode.DESCRIPTION_MISMATCH;
                    return "V" + m.version + ": " + message + (changed ? "; the code of an applied version changed: "
                            + "restore it (a released version never changes; a schema change is a new version)" : "");
                })
                .reduce((a, b) -> a + "; " + b)
                .orElse(result.getAllErrorMessages());
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
            Preflight.requirePublicSchema(c, "migrate");
            org.jooq.Record state = DSL.using(c).fetchSingle("select current_user, current_schema(), "
                    + "has_schema_privilege(current_schema(), 'CREATE'), to_regclass(?) is not null", HISTORY_TABLE);
            boolean migrated = state.get(3, Boolean.class);
            if (!migrated && !state.get(2, Boolean.class)) {
                throw new MigrationFailure("migrate refused: " + state.get(0, String.class) + " may not create objects in schema "
                        + state.get(1, String.class) + " of " + connection.database() + "; run as the schema's owner or grant it CREATE. "
                        + "Nothing was changed.");
            }
            Optional<String> unadopted = unadopted(c);
            if (unadopted.isPresent()) {
                throw new MigrationFailure("migrate refused: " + unadopted.get() + " Nothing was changed.");
            }
            if (flyway().info().pending().length > 0) {
                Preflight.beforeChanges("migrate", c, settings);
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
        return report(SchemaChangeLock.holding(connection, (SchemaChangeLock.Held lock) -> {
            AdoptionPlan plan = planAdoption();
            if (!plan.findings().isEmpty()) {
                throw new MigrationFailure("adopt refused: the preflight found " + plan.findings().size() + " problem(s): "
                        + String.join("; ", plan.findings()) + ". Nothing was changed.");
            }
            // The roles and schema must pass what migrate demands before the conversion grants anything.
            try (Connection c = connection.open()) {
                Preflight.beforeChanges("adopt", c, settings);
            } catch (SQLException e) {
                throw MigrationFailure.of("adopt", e);
            }
            new Adoption(connection, settings).convert(plan, lock);
            lock.requireHeld("adopt", "recording the versions");
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

    /** The latest version applied to the database, 0 when none is. */
    public int currentVersion() {
        try {
            MigrationInfo current = flyway().info().current();
            return current == null || current.getVersion() == null ? 0 : Integer.parseInt(current.getVersion().getVersion());
        } catch (RuntimeException e) {
            throw MigrationFailure.of("reading the current version", e);
        }
    }

    /**
     * Plans a rollback to {@code target} (0 undoes everything) without changing anything, holding the schema
     * change lock so that the plan never reads tables a migrate is changing. Refuses when the applied
     * migrations no longer match the code: their down steps would not be the inverse of what ran.
     */
    public RollbackPlan planRollback(int target) {
        return SchemaChangeLock.holding(connection, () -> plan(target));
    }

    private RollbackPlan plan(int target) {
        if (target < 0) {
            throw new MigrationFailure("rollback refused: --to must be 0 or a version, got " + target);
        }
        requireRecordedSettings("rollback");
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
                Preflight.requirePublicSchema(c, "rollback");
                Optional<String> distributed = Distribution.rollbackRefusal(c, target);
                if (distributed.isPresent()) {
                    throw new MigrationFailure(distributed.get());
                }
                return RollbackPlan.prepare(c, migrations, applied, target, settings);
            }
        } catch (SQLException | RuntimeException e) {
            throw MigrationFailure.of("rollback", e);
        }
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
    public RollbackResult rollback(RollbackPlan plan, boolean force) {
        return SchemaChangeLock.holding(connection, () -> undo(plan(plan.target()), force));
    }

    private RollbackResult undo(RollbackPlan plan, boolean force) {
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
        return new RollbackResult(undone, new RollbackPlan.Inspection(dropped, kept));
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
        org.jooq.Table<?> history = DSL.table(DSL.name(HISTORY_TABLE));
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

    /**
     * Brings a database whose history and catalog disagree (a dropped index, constraint or policy, a table
     * gone, history rows lost) back to the highest version its history records, under the schema change lock:
     * see {@link Repair}. With {@code dryRun} nothing changes: the report says what would be restored.
     */
    public Repair.Report repair(boolean dryRun) {
        return SchemaChangeLock.holding(connection, () -> {
            requireRecordedSettings("repair");
            try (Connection c = connection.open()) {
                c.setAutoCommit(true);
                return Repair.run(connection, c, migrations, settings, dryRun);
            } catch (SQLException | RuntimeException e) {
                throw MigrationFailure.of("repair", e);
            }
        });
    }

    /**
     * Refuses settings that differ from those the database was migrated with: V2's grants and V3's seed rows
     * were made for those, and undoing or re-applying them for others would leave them behind or double them.
     */
    private void requireRecordedSettings(String operation) {
        try (Connection c = connection.open()) {
            RecordedSettings.requireRecorded(c, settings);
        } catch (SQLException e) {
            throw MigrationFailure.of(operation, e);
        }
    }

    SchemaSummary summary() {
        try (Connection c = connection.open()) {
            return SchemaSummary.read(c);
        } catch (SQLException e) {
            throw MigrationFailure.of("reading the migrated schema", e);
        }
    }

    /**
     * What a rollback did: the versions undone (newest first) and what its guard found: the tables or
     * columns dropped with their data (only when forced), the seed rows kept because they were changed.
     */
    public record RollbackResult(List<String> undone, RollbackPlan.Inspection found) {
    }

    /** What migrate did. {@code version} is null when nothing has ever been applied. */
    public record MigrationReport(List<String> applied, String version, SchemaSummary schema, List<Distribution.Move> distributed) {
    }
}
