package org.queueservice.schema.migrations;

import java.util.List;

import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.SchemaStep;

/** The ten tables with their keys, checks, indexes, comments and updated_at triggers (and tenants if absent). */
final class V1__Create_queue_tables extends ModelMigration {

    @Override
    List<SchemaStep> up(MigrationSettings settings) {
        return QueueSchema.createTables();
    }

    @Override
    List<SchemaStep> down(MigrationSettings settings) {
        return QueueSchema.dropTables();
    }
}
