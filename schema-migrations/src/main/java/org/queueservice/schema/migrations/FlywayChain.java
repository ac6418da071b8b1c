package org.queueservice.schema.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.migration.JavaMigration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * One chain of versions on one database, with the settings it is migrated with: how Flyway is configured for
 * it, and what its history says. What every operation on the history starts from.
 */
public final class FlywayChain {

    private final ConnectionSettings connection;
    private final MigrationSettings settings;
    private final List<SchemaMigration> migrations;

    public FlywayChain(ConnectionSettings connection, MigrationSettings settings, List<SchemaMigration> migrations) {
        this.connection = connection;
        this.settings = settings;
        this.migrations = Migrations.requireConsecutive(migrations);
    }

    public ConnectionSettings connection() {
        return connection;
    }

    public MigrationSettings settings() {
        return settings;
    }

    public List<SchemaMigration> migrations() {
        return migrations;
    }

    public Flyway flyway() {
        FluentConfiguration configuration = Flyway.configure()
                .dataSource(connection.url(), connection.user(), connection.password())
                .javaMigrations(migrations.toArray(JavaMigration[]::new))
                .locations(new String[0]) // every migration is registered in Migrations, none is scanned for
                .table(Migrations.HISTORY_TABLE)
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

    /** The latest version applied to the database, 0 when none is. */
    public int currentVersion() {
        try {
            MigrationInfo current = flyway().info().current();
            return current == null || current.getVersion() == null ? 0 : Integer.parseInt(current.getVersion().getVersion());
        } catch (RuntimeException e) {
            throw MigrationFailure.of("reading the current version", e);
        }
    }

    /** The versions not applied yet ("V3"), oldest first; a failure to read them is one of {@code operation}. */
    public List<String> pending(String operation) {
        try {
            return Arrays.stream(flyway().info().pending()).map(m -> "V" + m.getVersion().getVersion()).toList();
        } catch (RuntimeException e) {
            throw MigrationFailure.of(operation, e);
        }
    }

    /**
     * Refuses settings that differ from those the database was migrated with: V2's grants and V3's seed rows
     * were made for those, and undoing or re-applying them for others would leave them behind or double them.
     */
    public void requireRecordedSettings(String operation) {
        try (Connection c = connection.open()) {
            RecordedSettings.requireRecorded(c, settings);
        } catch (SQLException e) {
            throw MigrationFailure.of(operation, e);
        }
    }
}
