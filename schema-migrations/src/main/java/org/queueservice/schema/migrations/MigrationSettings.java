package org.queueservice.schema.migrations;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.queueservice.schema.model.DatabaseRoles;
import org.queueservice.schema.model.RateLimiterSeed;

/**
 * What a deployment may choose: role names, the system tenant that owns the seed rows, and how long a
 * migration waits for a table lock before giving up. Travels to the migrations as Flyway placeholders.
 */
public record MigrationSettings(DatabaseRoles roles, UUID systemTenant, Duration lockTimeout) {

    public static final MigrationSettings DEFAULT =
            new MigrationSettings(DatabaseRoles.DEFAULT, RateLimiterSeed.DEFAULT_SYSTEM_TENANT, Duration.ofSeconds(5));

    static final String APP_ROLE = "queue_app_role";
    static final String MAINTENANCE_ROLE = "queue_maintenance_role";
    static final String SYSTEM_TENANT = "queue_system_tenant";
    static final String LOCK_TIMEOUT = "queue_lock_timeout_ms";

    public MigrationSettings {
        if (lockTimeout.isNegative() || lockTimeout.isZero()) {
            throw new IllegalArgumentException("lock timeout must be positive, got " + lockTimeout.toMillis() + " ms");
        }
    }

    public MigrationSettings withRoles(DatabaseRoles newRoles) {
        return new MigrationSettings(newRoles, systemTenant, lockTimeout);
    }

    public MigrationSettings withSystemTenant(UUID tenant) {
        return new MigrationSettings(roles, tenant, lockTimeout);
    }

    public MigrationSettings withLockTimeout(Duration timeout) {
        return new MigrationSettings(roles, systemTenant, timeout);
    }

    Map<String, String> toPlaceholders() {
        return Map.of(
                APP_ROLE, roles.application(),
                MAINTENANCE_ROLE, roles.maintenance(),
                SYSTEM_TENANT, systemTenant.toString(),
                LOCK_TIMEOUT, Long.toString(lockTimeout.toMillis()));
    }

    static MigrationSettings fromPlaceholders(Map<String, String> placeholders) {
        return new MigrationSettings(
                new DatabaseRoles(placeholders.getOrDefault(APP_ROLE, DEFAULT.roles.application()),
                        placeholders.getOrDefault(MAINTENANCE_ROLE, DEFAULT.roles.maintenance())),
                UUID.fromString(placeholders.getOrDefault(SYSTEM_TENANT, DEFAULT.systemTenant.toString())),
                Duration.ofMillis(Long.parseLong(placeholders.getOrDefault(LOCK_TIMEOUT,
                        Long.toString(DEFAULT.lockTimeout.toMillis())))));
    }
}
