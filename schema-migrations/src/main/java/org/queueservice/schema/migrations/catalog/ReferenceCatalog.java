package org.queueservice.schema.migrations.catalog;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.QueueSchemaMigrations;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.provision.ScratchDatabase;

/**
 * The structure that {@code applied} builds with {@code settings}: migrated on a scratch database created
 * on the same server as {@code database} (so the login needs CREATEDB) and dropped again. What drift and
 * repair compare a live database with.
 */
public final class ReferenceCatalog {

    private ReferenceCatalog() {
    }

    public static SchemaCatalog of(ConnectionSettings database, List<SchemaMigration> applied, MigrationSettings settings,
                                   String purpose) throws SQLException {
        try (ScratchDatabase scratch = ScratchDatabase.create(database, purpose)) {
            if (!applied.isEmpty()) {
                new QueueSchemaMigrations(scratch.settings(), settings, applied).migrate();
            }
            try (Connection c = scratch.open()) {
                return SchemaCatalog.readStructure(c);
            }
        }
    }
}
