package org.queueservice.schema.migrations;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jooq.Name;
import org.queueservice.schema.model.DatabaseRoles;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.TenantIsolation;

/**
 * The service and maintenance roles, forced row-level security, tenant and maintenance policies, grants
 * on the tables of V1. Released in 1.0.0 and frozen: its checksum is recorded in every database.
 */
@AcceptsHazard(code = "QS401", reason = "released before Citus: migrate places the tables only after the last version, and V4 "
        + "replaces every tenant policy with one without the sub-select before that")
public final class V2__Enforce_tenant_isolation extends SchemaMigration {

    @Override
    public List<SchemaStep> up(MigrationSettings settings) {
        DatabaseRoles roles = settings.roles();
        List<SchemaStep> steps = new ArrayList<>();
        steps.add(TenantIsolation.createRoleIfAbsent(roles.application()));
        steps.add(TenantIsolation.createRoleIfAbsent(roles.maintenance()));
        for (Name table : V1__Create_queue_tables.TABLES) {
            steps.add(SchemaStep.of("row-level security, policies and grants on " + table.last(),
                    TenantIsolation.enable(table, roles)));
        }
        return steps;
    }

    @Override
    public List<SchemaStep> down(MigrationSettings settings) {
        DatabaseRoles roles = settings.roles();
        List<Name> reversed = new ArrayList<>(V1__Create_queue_tables.TABLES);
        Collections.reverse(reversed);
        List<SchemaStep> steps = new ArrayList<>();
        for (Name table : reversed) {
            steps.add(SchemaStep.of("grants, policies and row-level security off on " + table.last(),
                    TenantIsolation.disable(table, roles)));
        }
        steps.add(TenantIsolation.dropRoleIfUnused(roles.maintenance()));
        steps.add(TenantIsolation.dropRoleIfUnused(roles.application()));
        return steps;
    }
}
