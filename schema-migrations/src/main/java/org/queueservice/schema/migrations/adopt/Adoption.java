package org.queueservice.schema.migrations.adopt;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.internal.SchemaChangeLock;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.SchemaModel;
import org.queueservice.schema.model.SqlRenderer;
import org.queueservice.schema.model.TableDefinition;

/**
 * Converts a database built by the original Knex migration to the model's schema while the service keeps
 * working: {@link #plan} recognises it, runs the preflight and plans the conversion without changing
 * anything; {@link #convert} runs the plan's units one by one, each under the lock timeout and retried a
 * bounded number of times when it times out. Recording the versions in Flyway's history is the caller's
 * ({@link Adopt#run}), once the conversion is complete.
 */
public final class Adoption {

    /** Runs of one unit before a lock timeout stops adopt. */
    static final int ATTEMPTS = 5;
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final ConnectionSettings connection;
    private final MigrationSettings settings;
    private final SchemaModel model;

    public Adoption(ConnectionSettings connection, MigrationSettings settings) {
        this.connection = connection;
        this.settings = settings;
        this.model = QueueSchema.MODEL;
    }

    /** Recognition, preflight and plan, read-only. {@code historyPresent}: Flyway's history table exists. */
    public AdoptionPlan plan(boolean historyPresent) {
        try (Connection c = connection.open()) {
            // Reading the catalog waits for a table's ACCESS EXCLUSIVE holder; never longer than a step would.
            StepRunner.limitSessionLockWait(c, settings.lockTimeout());
            SchemaCatalog live = SchemaCatalog.readStructure(c);
            SchemaCatalog expected = ExpectedSchema.of(c, model);
            LegacySchema.State state = LegacySchema.recognise(connection.database(), live, model, expected, historyPresent);
            requireOwner(c);
            List<String> forced = forcedOnAdopter(c, live);
            List<String> findings;
            Map<String, Map<String, Long>> nulls;
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // A read that row-level security would still filter fails rather than count too few rows.
                s.execute("set local row_security = off");
                for (String table : forced) {
                    s.execute(SqlRenderer.render(DSL.query("alter table {0} no force row level security", DSL.name(table))));
                }
                findings = AdoptionPreflight.findings(c, live, expected, model, settings.systemTenant()).stream()
                        .map(AdoptionPreflight.Finding::line).toList();
                nulls = AdoptionPreflight.nullsToDefault(c, live, model);
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
            return new AdoptionPlan(state.description, findings,
                    ConversionPlan.revocations(live, model, settings.roles()).stream().map(ConversionPlan.Revocation::line).toList(),
                    ConversionPlan.steps(live, expected, model, settings.roles(), nulls, forced));
        } catch (SQLException e) {
            throw MigrationFailure.of("adopt", e);
        }
    }

    /**
     * Whether a database without Flyway's history, that has Knex's table, was left half-way by an interrupted
     * run, as {@link #plan} recognises it; false for one untouched since the original built it and for one
     * adopt would refuse. Read-only: validate, info and migrate's refusal name what to do from it.
     */
    public boolean halfAdopted() {
        try (Connection c = connection.open()) {
            StepRunner.limitSessionLockWait(c, settings.lockTimeout());
            return LegacySchema.recognise(connection.database(), SchemaCatalog.readStructure(c), model, ExpectedSchema.of(c, model), false)
                    == LegacySchema.State.HALF_ADOPTED;
        } catch (MigrationFailure refused) {
            return false;
        } catch (SQLException e) {
            throw MigrationFailure.of("recognising an adoption", e);
        }
    }

    /**
     * The queue tables whose FORCE ROW LEVEL SECURITY binds the adopting owner (neither superuser nor
     * BYPASSRLS): through the original's policy it sees no row without a tenant, so the preflight would count
     * nothing and the backfill fill nothing. The preflight lifts FORCE in its own transaction, rolled back
     * (holding those tables ACCESS EXCLUSIVE while it reads them); the conversion lifts it in its first unit,
     * for the owner only, and the policy swap sets it again.
     */
    private List<String> forcedOnAdopter(Connection c, SchemaCatalog live) throws SQLException {
        try (Statement s = c.createStatement();
             java.sql.ResultSet bypass = s.executeQuery("select rolsuper or rolbypassrls from pg_roles where rolname = current_user")) {
            bypass.next();
            if (bypass.getBoolean(1)) {
                return List.of();
            }
        }
        return model.tables().stream().map(TableDefinition::tableName).filter(t -> live.tables().get(t).forceRowSecurity()).toList();
    }

    /**
     * Only the tables' owner (or a member of it) may alter them: run as another user, adopt would stop at its
     * first ALTER with "must be owner of table", after the roles and function were already made.
     */
    private void requireOwner(Connection c) throws SQLException {
        Map<String, List<String>> foreign = new java.util.TreeMap<>();
        String user;
        try (java.sql.PreparedStatement owners = c.prepareStatement("select r.rolname, t.relname, current_user from pg_class t "
                + "join pg_roles r on r.oid = t.relowner where t.relnamespace = (select oid from pg_namespace where nspname = current_schema()) "
                + "and t.relkind in ('r', 'p') and t.relname = any(?) and not pg_has_role(t.relowner, 'USAGE') order by t.relname")) {
            owners.setArray(1, c.createArrayOf("text", model.tables().stream().map(TableDefinition::tableName).toArray()));
            try (java.sql.ResultSet rows = owners.executeQuery()) {
                user = null;
                while (rows.next()) {
                    foreign.computeIfAbsent(rows.getString(1), owner -> new java.util.ArrayList<>()).add(rows.getString(2));
                    user = rows.getString(3);
                }
            }
        }
        if (!foreign.isEmpty()) {
            throw new MigrationFailure("adopt refused: " + user + " does not own the tables of " + connection.database() + " ("
                    + foreign.entrySet().stream().map(e -> String.join(", ", e.getValue()) + " owned by " + e.getKey())
                            .collect(java.util.stream.Collectors.joining("; "))
                    + "); run adopt as " + String.join(" or ", foreign.keySet()) + ". Nothing was changed.");
        }
    }

    /**
     * Runs every unit of the plan in order; stops at the first that fails for good, naming it, and before
     * any unit once the schema change lock is lost (a second run may have taken it and be converting too).
     */
    public void convert(AdoptionPlan plan, SchemaChangeLock.Held lock) {
        try (Connection c = connection.open()) {
            for (AdoptionStep step : plan.steps()) {
                lock.requireHeld("adopt", step.description());
                runWithRetries(c, step);
            }
        } catch (SQLException e) {
            throw MigrationFailure.of("adopt", e);
        }
    }

    private void runWithRetries(Connection c, AdoptionStep step) {
        for (int attempt = 1; ; attempt++) {
            try {
                step.run(c, settings.lockTimeout());
                return;
            } catch (SQLException | RuntimeException e) {
                SQLException cause = DatabaseError.find(e);
                boolean lockTimeout = cause != null && "55P03".equals(cause.getSQLState());
                if (lockTimeout && attempt < ATTEMPTS) {
                    pause(attempt);
                    continue;
                }
                throw new MigrationFailure("adopt stopped at " + step.description()
                        + (lockTimeout ? " after " + ATTEMPTS + " lock timeouts of " + settings.lockTimeout().toMillis() + " ms" : "")
                        + ": " + (cause == null ? e.getMessage() : DatabaseError.describe(cause))
                        + ". The steps before it are done and nothing is half-done; run adopt again to continue.", e);
            }
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(PAUSE.toMillis() * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigrationFailure("adopt interrupted while waiting to retry; run adopt again to continue", e);
        }
    }
}
