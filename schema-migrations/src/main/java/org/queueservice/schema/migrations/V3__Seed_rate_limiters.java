package org.queueservice.schema.migrations;

import java.util.List;

import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.SchemaStep;

/** The system tenant's token buckets for the external providers. */
final class V3__Seed_rate_limiters extends ModelMigration {

    @Override
    List<SchemaStep> up(MigrationSettings settings) {
        return QueueSchema.seed(settings.systemTenant());
    }

    @Override
    List<SchemaStep> down(MigrationSettings settings) {
        return QueueSchema.unseed(settings.systemTenant());
    }
}
