package org.queueservice.schema.migrations;

import java.util.List;

import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.SchemaStep;

/** The service and maintenance roles, forced row-level security, tenant and maintenance policies, grants. */
final class V2__Enforce_tenant_isolation extends ModelMigration {

    @Override
    List<SchemaStep> up(MigrationSettings settings) {
        return QueueSchema.enableTenantIsolation(settings.roles());
    }

    @Override
    List<SchemaStep> down(MigrationSettings settings) {
        return QueueSchema.disableTenantIsolation(settings.roles());
    }
}
