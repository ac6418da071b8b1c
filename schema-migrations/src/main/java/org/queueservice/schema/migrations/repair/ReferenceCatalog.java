package org.queueservice.schema.migrations.repair;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.FlywayChain;
import org.queueservice.schema.migrations.history.Migrate;
import org.queueservice.schema.migrations.provision.ScratchDatabase;

/**
 * The structure that {@code applied} builds with {@code settings}: migrated on a scratch database created
 * on the same server as {@code database} (so the login needs CREATEDB) and dropped again. What repair compares
 * a live database with.
 */
final class ReferenceCatalog {

    private ReferenceCatalog() {
    }

    static SchemaCatalog of(ConnectionSettings database, List<SchemaMigration> applied, MigrationSettings settings,
                            String purpose) throws SQLException {
        try (ScratchDatabase scratch = ScratchDatabase.create(database, purpose)) {
            if (!applied.isEmpty()) {
                new Migrate(new FlywayChain(scratch.settings(), settings, applied)).run();
            }
            try (Connection c = scratch.open()) {
                return SchemaCatalog.readStructure(c);
            }
        }
    }
}
