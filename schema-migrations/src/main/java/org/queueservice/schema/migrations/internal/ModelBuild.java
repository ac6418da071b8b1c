package org.queueservice.schema.migrations.internal;

import java.sql.Connection;
import java.sql.SQLException;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.model.SchemaModel;

/**
 * Builds a model's desired state directly on an empty database, in one transaction, without Flyway: the
 * reference that what the migrations build is compared with.
 */
public final class ModelBuild {

    private ModelBuild() {
    }

    public static void build(ConnectionSettings database, SchemaModel model, MigrationSettings settings) {
        try (Connection connection = database.open()) {
            connection.setAutoCommit(false);
            StepRunner.run(connection, model.build(settings.roles(), settings.systemTenant()));
            connection.commit();
        } catch (SQLException e) {
            throw MigrationFailure.of("building the model", e);
        }
    }
}
