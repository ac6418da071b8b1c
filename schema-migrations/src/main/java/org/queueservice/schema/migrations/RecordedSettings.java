package org.queueservice.schema.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.model.DatabaseRoles;
import org.queueservice.schema.model.SqlRenderer;

/**
 * The settings a database was migrated with, kept in that database: the comment of Flyway's history
 * table, {@code queue-schema settings: {"app_role": ..., "maintenance_role": ..., "system_tenant": ...}}.
 * A comment rather than a table of ours: the history table is already left out of the catalog, the
 * snapshot and the generated code, and a released version's checksum does not change. It is written in
 * the transaction of every version migrate applies (so a database never holds a version without the
 * settings it ran with), removed when rollback undoes V1, and read by every later command: an option
 * left out takes the recorded value, an option given with another value is refused.
 */
public final class RecordedSettings {

    /** A setting that decides what a migration creates, by its command-line option. */
    public enum Setting {
        APP_ROLE("--app-role", "app_role", s -> s.roles().application()),
        MAINTENANCE_ROLE("--maintenance-role", "maintenance_role", s -> s.roles().maintenance()),
        SYSTEM_TENANT("--system-tenant", "system_tenant", s -> s.systemTenant().toString());

        private final String option;
        private final String key;
        private final Function<MigrationSettings, String> value;

        Setting(String option, String key, Function<MigrationSettings, String> value) {
            this.option = option;
            this.key = key;
            this.value = value;
        }

        public String option() {
            return option;
        }
    }

    static final String PREFIX = "queue-schema settings: ";

    private RecordedSettings() {
    }

    /**
     * {@code given} with every setting that is not {@code explicit} replaced by the database's recorded
     * value. A database that does not exist yet, or was never migrated by a queue-schema that records its
     * settings, has none: {@code given} is used as it is.
     *
     * @throws SettingConflict when an explicit setting differs from the recorded one
     */
    public static MigrationSettings apply(ConnectionSettings database, MigrationSettings given, Set<Setting> explicit,
                                          String operation) {
        try (Connection c = database.open()) {
            return apply(read(c), given, explicit);
        } catch (SQLException e) {
            if ("3D000".equals(e.getSQLState())) { // no database yet: migrate creates it, any other command fails on it
                return given;
            }
            throw MigrationFailure.of(operation, e);
        }
    }

    /** Refuses {@code settings} unless each equals the recorded one (all of them count as explicit). */
    static void requireRecorded(Connection connection, MigrationSettings settings) throws SQLException {
        apply(read(connection), settings, EnumSet.allOf(Setting.class));
    }

    private static MigrationSettings apply(Optional<Map<Setting, String>> recorded, MigrationSettings given, Set<Setting> explicit) {
        if (recorded.isEmpty()) {
            return given;
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            String kept = recorded.get().get(setting);
            String asked = setting.value.apply(given);
            if (explicit.contains(setting) && !asked.equals(kept)) {
                throw new SettingConflict(setting.option + " " + asked + " conflicts with " + kept + ", the value this database "
                        + "was migrated with (recorded by migrate); leave " + setting.option + " out or give " + kept
                        + ". Nothing was changed.");
            }
            values.put(setting, kept);
        }
        return given.withRoles(new DatabaseRoles(values.get(Setting.APP_ROLE), values.get(Setting.MAINTENANCE_ROLE)))
                .withSystemTenant(UUID.fromString(values.get(Setting.SYSTEM_TENANT)));
    }

    /** The recorded settings, or empty when the database has no history table or no record in it. */
    static Optional<Map<Setting, String>> read(Connection connection) throws SQLException {
        String columns = Arrays.stream(Setting.values()).map(setting -> "s ->> '" + setting.key + "'").collect(Collectors.joining(", "));
        List<List<String>> row = QueryRows.of(connection, "select " + columns + " from (select substr(c, length(?) + 1)::jsonb as s "
                + "from obj_description(to_regclass(?), 'pg_class') as c where starts_with(c, ?)) recorded",
                PREFIX, QueueSchemaMigrations.HISTORY_TABLE, PREFIX);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            values.put(setting, row.get(0).get(setting.ordinal()));
        }
        return Optional.of(values);
    }

    /** Removes the record: rollback undid V1, and the next migrate may choose again. */
    public static Query forget() {
        return DSL.query("comment on table {0} is null", DSL.name(QueueSchemaMigrations.HISTORY_TABLE));
    }

    /** Records {@code settings}, in the caller's transaction. */
    static void record(Connection connection, MigrationSettings settings) throws SQLException {
        String pairs = Arrays.stream(Setting.values()).map(setting -> "'" + setting.key + "', ?::text").collect(Collectors.joining(", "));
        Object[] parameters = Stream.concat(Stream.of(PREFIX), Arrays.stream(Setting.values()).map(setting -> setting.value.apply(settings)))
                .toArray();
        String record = QueryRows.of(connection, "select ? || jsonb_build_object(" + pairs + ")::text", parameters).get(0).get(0);
        try (Statement statement = connection.createStatement()) {
            statement.execute(SqlRenderer.render(DSL.query("comment on table {0} is {1}",
                    DSL.name(QueueSchemaMigrations.HISTORY_TABLE), DSL.inline(record))));
        }
    }

    /** Records the settings of the migration being applied, in its transaction. */
    static final class Recorder extends BaseCallback {
        @Override
        public boolean supports(Event event, Context context) {
            return event == Event.AFTER_EACH_MIGRATE;
        }

        @Override
        public void handle(Event event, Context context) {
            try {
                record(context.getConnection(), MigrationSettings.fromPlaceholders(context.getConfiguration().getPlaceholders()));
            } catch (SQLException e) {
                throw new IllegalStateException("recording the settings in " + QueueSchemaMigrations.HISTORY_TABLE + ": "
                        + DatabaseError.describe(e), e);
            }
        }
    }

    /** An explicit setting that differs from the one the database was migrated with: a bad argument. */
    public static final class SettingConflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SettingConflict(String message) {
            super(message);
        }
    }
}
