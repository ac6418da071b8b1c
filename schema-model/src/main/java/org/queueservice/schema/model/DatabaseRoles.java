package org.queueservice.schema.model;

import static org.jooq.impl.DSL.name;

import org.jooq.Name;

/**
 * The two group roles that use the queue tables. Neither owns them, so neither can alter or drop them
 * or their policies; operators grant membership to login users.
 *
 * @param application what the queue service runs as: sees only the current transaction's tenant
 * @param maintenance system-wide sweeps: admitted to every tenant's rows by its own policy
 */
public record DatabaseRoles(String application, String maintenance) {

    public static final DatabaseRoles DEFAULT = new DatabaseRoles("queue_app", "queue_maintenance");

    public DatabaseRoles {
        requireRoleName("application", application);
        requireRoleName("maintenance", maintenance);
        if (application.equals(maintenance)) {
            throw new IllegalArgumentException("the application and maintenance roles must differ, both are " + application);
        }
    }

    public Name applicationName() {
        return name(application);
    }

    public Name maintenanceName() {
        return name(maintenance);
    }

    private static void requireRoleName(String which, String role) {
        if (role == null || role.isBlank() || role.length() > 63) {
            throw new IllegalArgumentException("the " + which + " role name must be 1 to 63 characters, got '" + role + "'");
        }
    }
}
