package org.queueservice.schema.migrations.adopt;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Supplier;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfoService;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.internal.SchemaChangeLock;
import org.queueservice.schema.migrations.preflight.Preflight;

/**
 * {@code queue-schema adopt}: plans and runs the conversion of a database the original Knex migration built, then
 * has the versions recorded. The history is read and written by Flyway as migrate configures it, which the caller
 * hands in: adopt knows the database, not how the chain of versions is applied.
 */
public final class Adopt {

    private final ConnectionSettings connection;
    private final MigrationSettings settings;
    private final Supplier<Flyway> flyway;

    public Adopt(ConnectionSettings connection, MigrationSettings settings, Supplier<Flyway> flyway) {
        this.connection = connection;
        this.settings = settings;
        this.flyway = flyway;
    }

    /**
     * Recognises a database built by the original Knex migration, runs the read-only preflight and plans
     * its conversion, changing nothing. Refuses, naming why, an adopted, a fresh or an unrelated database.
     */
    public AdoptionPlan plan() {
        try (Connection c = connection.open()) {
            boolean historyPresent = DSL.using(c).fetchValue("select to_regclass(?)", Migrations.HISTORY_TABLE) != null;
            MigrationInfoService history = historyPresent ? flyway.get().info() : null;
            if (history != null && history.pending().length == 0) {
                String version = history.current() == null ? "0" : history.current().getVersion().getVersion();
                throw new MigrationFailure("adopt refused: " + connection.database() + " is adopted already (" + Migrations.HISTORY_TABLE
                        + " is at version " + version + ", nothing pending); use migrate, validate and info. Nothing was changed.");
            }
            return new Adoption(connection, settings).plan(historyPresent);
        } catch (SQLException | RuntimeException e) {
            throw MigrationFailure.of("adopt", e);
        }
    }

    /**
     * Converts the database online, then records every version in Flyway's history with {@code recordVersions},
     * which lets Flyway apply them over the converted schema, where each is a no-op (every statement is
     * idempotent, MIG17): the history then holds exactly what a migrate writes, checksums, types and baseline
     * included. The plan is worked out again once the schema change lock is held, and adopt refuses, changing
     * nothing, while the preflight finds a problem.
     */
    public <T> T run(Supplier<T> recordVersions) {
        return SchemaChangeLock.holding(connection, (SchemaChangeLock.Held lock) -> {
            AdoptionPlan plan = plan();
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
            return recordVersions.get();
        });
    }
}
