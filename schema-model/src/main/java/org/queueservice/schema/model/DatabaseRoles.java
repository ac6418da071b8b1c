package org.queueservice.schema.model;

import static org.jooq.impl.DSL.name;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

import org.jooq.Name;

/**
 * The two group roles that use the queue tables. Neither owns them, so neither can alter or drop them
 * or their policies; operators grant membership to login users.
 *
 * @param application what the queue service runs as: sees only the current transaction's tenant
 * @param maintenance system-wide sweeps: admitted to every tenant's rows by its own policy
 */
public record DatabaseRoles(String application, String maintenance) {

    /** PostgreSQL keeps the first 63 bytes of an identifier (NAMEDATALEN - 1) and silently drops the rest. */
    static final int IDENTIFIER_BYTES = 63;

    /**
     * Names that are not a role of this deployment's own: the bootstrap superuser, the pseudo-roles SQL reads
     * as keywords, and the pg_ prefix PostgreSQL keeps for its predefined roles.
     */
    private static final Set<String> RESERVED = Set.of("postgres", "public", "none", "current_user", "current_role",
            "session_user", "user");

    /** Declared after {@link #RESERVED}, which its construction reads. */
    public static final DatabaseRoles DEFAULT = new DatabaseRoles("queue_app", "queue_maintenance");

    /**
     * Keeps each name as PostgreSQL stores it, so that every statement and every catalog lookup (which
     * compares the text, uncut) names the same role.
     */
    public DatabaseRoles {
        requireRoleName("application", application);
        requireRoleName("maintenance", maintenance);
        boolean cut = !application.equals(maintenance);
        application = stored(application);
        maintenance = stored(maintenance);
        if (application.equals(maintenance)) {
            throw new IllegalArgumentException("the application and maintenance roles must differ, both are " + application
                    + (cut ? " once PostgreSQL cuts the names to " + IDENTIFIER_BYTES + " bytes" : ""));
        }
    }

    /**
     * The name PostgreSQL stores for {@code role}: its first 63 bytes in UTF-8, cut on a character boundary as
     * PostgreSQL cuts it, so that two long names that share those bytes are the same role.
     */
    public static String stored(String role) {
        byte[] bytes = role.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= IDENTIFIER_BYTES) {
            return role;
        }
        int end = IDENTIFIER_BYTES;
        while ((bytes[end] & 0xC0) == 0x80) { // a continuation byte: the character started before the cut
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    public Name applicationName() {
        return name(application);
    }

    public Name maintenanceName() {
        return name(maintenance);
    }

    private static void requireRoleName(String which, String role) {
        if (role == null || role.isBlank() || role.length() > IDENTIFIER_BYTES) {
            throw new IllegalArgumentException("the " + which + " role name must be 1 to 63 characters, got '" + role + "'");
        }
        String lower = stored(role).toLowerCase(Locale.ROOT);
        if (RESERVED.contains(lower) || lower.startsWith("pg_")) {
            throw new IllegalArgumentException("the " + which + " role name '" + role + "' is reserved (postgres, public, "
                    + "none, current_user, current_role, session_user, user and names starting with pg_ are not ours to use)");
        }
    }
}
