package org.queueservice.schema.migrations.cli;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.RecordedSettings.Setting;
import org.queueservice.schema.model.DatabaseRoles;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The mixin of the migration settings every command that reads a database takes. migrate records them;
 * a later command left without one uses the recorded value, and refuses a different explicit one.
 */
final class SettingsOptions {

    // Each is null when left out: only an explicit value is checked against the recorded one.

    /** Above these options in a command's help ({@link CommandHelp}). */
    static final String HEADING = "Migration settings (recorded by migrate; later commands use the recorded values\n"
            + "when left out, and refuse a different one with exit 2):";

    @Option(names = "--app-role", paramLabel = "NAME", description = "role the queue service runs as (queue_app)")
    private String appRole;

    @Option(names = "--maintenance-role", paramLabel = "NAME", description = "role for system-wide sweeps (queue_maintenance)")
    private String maintenanceRole;

    @Option(names = "--system-tenant", paramLabel = "UUID", converter = TenantId.class,
            description = "tenant that owns the seed rows (00000000-0000-0000-0000-000000000001)")
    private UUID systemTenant;

    @Option(names = "--lock-timeout", paramLabel = "DURATION", converter = LockTimeout.class,
            description = "longest wait for a table lock, e.g. 5s, 1500ms, 1m30s (5s)")
    private Duration lockTimeout;

    /** @throws IllegalArgumentException when the roles are reserved names or the same once PostgreSQL cuts them */
    MigrationSettings settings() {
        MigrationSettings settings = MigrationSettings.DEFAULT;
        settings = settings.withRoles(new DatabaseRoles(
                appRole == null ? settings.roles().application() : appRole,
                maintenanceRole == null ? settings.roles().maintenance() : maintenanceRole));
        if (systemTenant != null) {
            settings = settings.withSystemTenant(systemTenant);
        }
        if (lockTimeout != null) {
            settings = settings.withLockTimeout(lockTimeout);
        }
        return settings;
    }

    Set<Setting> explicit() {
        Set<Setting> explicit = EnumSet.noneOf(Setting.class);
        for (Setting setting : Setting.values()) {
            boolean given = switch (setting) {
                case APP_ROLE -> appRole != null;
                case MAINTENANCE_ROLE -> maintenanceRole != null;
                case SYSTEM_TENANT -> systemTenant != null;
            };
            if (given) {
                explicit.add(setting);
            }
        }
        return explicit;
    }

    static final class TenantId implements ITypeConverter<UUID> {
        @Override
        public UUID convert(String value) {
            try {
                return UUID.fromString(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("--system-tenant must be a UUID, got '" + value + "'");
            }
        }
    }
}
