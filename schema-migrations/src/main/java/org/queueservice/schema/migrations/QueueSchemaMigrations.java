package org.queueservice.schema.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;

import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.adopt.Adopt;
import org.queueservice.schema.migrations.adopt.AdoptionPlan;
import org.queueservice.schema.migrations.citus.Distribution;
import org.queueservice.schema.migrations.history.Info;
import org.queueservice.schema.migrations.history.Migrate;
import org.queueservice.schema.migrations.history.Validation;
import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.internal.SchemaChangeLock;
import org.queueservice.schema.migrations.repair.Repair;
import org.queueservice.schema.migrations.rollback.Rollback;
import org.queueservice.schema.migrations.rollback.RollbackPlan;
import org.queueservice.schema.model.SqlRenderer;

/**
 * The operations of the queue-schema command line, for programs and tests. Each is handed to the package that
 * owns it ({@code history}: migrate, validate, info; {@code rollback}; {@code adopt}; {@code repair};
 * {@code citus}: distribute), which gets the database, the settings and the chain of versions from a
 * {@link FlywayChain}, never from this class.
 */
public final class QueueSchemaMigrations {

    /** Flyway's history table; excluded from the schema snapshot and the generated code. */
    public static final String HISTORY_TABLE = Migrations.HISTORY_TABLE;

    private final ConnectionSettings connection;
    private final MigrationSettings settings;
    private final FlywayChain chain;

    public QueueSchemaMigrations(ConnectionSettings connection, MigrationSettings settings) {
        this(connection, settings, Migrations.ALL);
    }

    /** With another chain of versions than {@link Migrations#all()}: how the generator and tests try a new version. */
    public QueueSchemaMigrations(ConnectionSettings connection, MigrationSettings settings, List<SchemaMigration> migrations) {
        this.connection = connection;
        this.settings = settings;
        this.chain = new FlywayChain(connection, settings, migrations);
    }

    /**
     * Applies every pending migration, each in its own transaction (or, for an online version, step by
     * step), stopping at the first failure.
     */
    public MigrationReport migrate() {
        Migrate.Applied applied = new Migrate(chain).run();
        return report(applied.runs(), applied.distributed(), applied.schema());
    }

    /**
     * {@code queue-schema distribute}: on a Citus coordinator, places the tables of a database at the latest
     * version that are still local (restored there from a single server, say), reporting each table to
     * {@code progress} as it is committed. Refuses, changing nothing, a database with versions pending or one
     * the preflight finds a problem with.
     */
    public List<Distribution.Move> distribute(boolean dryRun, Consumer<Distribution.Move> progress) {
        return SchemaChangeLock.holding(connection, () -> {
            chain.requireRecordedSettings("distribute");
            return Distribution.ofLatest(connection, settings, chain.pending("distribute"), dryRun, progress);
        });
    }

    private static MigrationReport report(List<MigrateResult> results, List<Distribution.Move> distributed, SchemaSummary schema) {
        List<String> applied = results.stream().flatMap(result -> result.migrations.stream())
                .map(m -> "V" + m.version + " " + m.description).toList();
        MigrateResult last = results.get(results.size() - 1);
        return new MigrationReport(applied, last.targetSchemaVersion == null
                ? last.initialSchemaVersion : last.targetSchemaVersion, schema, distributed);
    }

    /**
     * One line per known migration: version, description, state, when it was applied; then, on a database
     * the original Knex migration built, a line saying that adopt, not migrate, applies them.
     */
    public List<String> info() {
        return new Info(chain).lines();
    }

    /**
     * Fails when an applied migration differs from the code (checksum, description) or one is missing, or
     * when the database is the original Knex migration's, adopted or not yet; returns the versions still
     * pending ("V3"), oldest first.
     */
    public List<String> validate() {
        return new Validation(chain).validate();
    }

    /**
     * Recognises a database built by the original Knex migration, runs the read-only preflight and plans
     * its conversion, changing nothing. Refuses, naming why, an adopted, a fresh or an unrelated database.
     */
    public AdoptionPlan planAdoption() {
        return adoption().plan();
    }

    /**
     * Converts the database online, then records every version in Flyway's history by letting Flyway apply
     * them over the converted schema, where each is a no-op (every statement is idempotent, MIG17): the
     * history then holds exactly what a migrate writes, checksums, types and baseline included. The plan
     * is worked out again once the schema change lock is held, and adopt refuses, changing nothing, while
     * the preflight finds a problem.
     */
    public MigrationReport adopt() {
        Migrate migrate = new Migrate(chain);
        List<MigrateResult> runs = adoption().run(() -> migrate.applyPending("adopt: recording the versions"));
        return report(runs, List.of(), migrate.summary());
    }

    private Adopt adoption() {
        return new Adopt(connection, settings, chain::flyway);
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
        return chain.currentVersion();
    }

    /**
     * Plans a rollback to {@code target} (0 undoes everything) without changing anything, holding the schema
     * change lock so that the plan never reads tables a migrate is changing. Refuses when the applied
     * migrations no longer match the code: their down steps would not be the inverse of what ran.
     */
    public RollbackPlan planRollback(int target) {
        return new Rollback(chain).plan(target);
    }

    /**
     * Runs a rollback to the plan's target, newest version first, removing each version's history row so
     * that a later migrate applies it again; an online version whose down steps stopped part-way is left recorded
     * as failed, half rolled back. See {@link Rollback#run}.
     */
    public RollbackResult rollback(RollbackPlan plan, boolean force) {
        Rollback.Undone undone = new Rollback(chain).run(plan, force);
        return new RollbackResult(undone.versions(), undone.found());
    }

    /**
     * Brings a database whose history and catalog disagree (a dropped index, constraint or policy, a table
     * gone, history rows lost) back to the highest version its history records, under the schema change lock:
     * see {@link Repair}. With {@code dryRun} nothing changes: the report says what would be restored.
     */
    public Repair.Report repair(boolean dryRun) {
        return Repair.run(chain, dryRun);
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
