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
import org.jooq.Condition;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.model.DatabaseRoles;
import org.queueservice.schema.model.SqlRenderer;
import org.queueservice.schema.model.Tenants;

/**
 * The settings a database was migrated with, kept in that database: the comment of Flyway's history
 * table, {@code queue-schema settings: {"app_role": ..., "maintenance_role": ..., "system_tenant": ...,
 * "system_tenant_seeded": ...}}. The last is no option but a fact: whether the system tenant's row in
 * {@code tenants} is the one V3's seed inserted (rather than one the tenants service had before), which
 * rollback needs to know before it deletes that row from a {@code tenants} table that is not ours.
 * A comment rather than a table of ours: the history table is already left out of the catalog, the
 * snapshot and the generated code, and a released version's checksum does not change. It is written in
 * the transaction of every version migrate applies (so a database never holds a version without the
 * settings it ran with), by repair and by a rollback that keeps V1, removed when rollback undoes V1, and
 * read by every later command: an option left out takes the recorded value, an option given with another
 * value is refused.
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

    /** The record's key for whether queue-schema inserted the system tenant's row (see {@link #systemTenantSeeded()}). */
    static final String SYSTEM_TENANT_SEEDED = "system_tenant_seeded";

    /** The record as jsonb, one row named {@code recorded.s}, none when there is no record. */
    private static final String RECORD = "(select substr(c, length({0}) + 1)::jsonb as s "
            + "from obj_description(to_regclass({1}), 'pg_class') as c where starts_with(c, {0})) recorded";

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
        List<List<String>> row = QueryRows.of(connection, SqlRenderer.render(DSL.query("select " + columns + " from " + RECORD,
                DSL.inline(PREFIX), DSL.inline(Migrations.HISTORY_TABLE))));
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
        return DSL.query("comment on table {0} is null", DSL.name(Migrations.HISTORY_TABLE));
    }

    /**
     * True when the record says the system tenant's row in {@code tenants} was inserted by queue-schema's seed;
     * false for a row the tenants service had before, and for a database recorded before this was (no key).
     * V3's down step deletes the row from a {@code tenants} table of the tenants service only while this holds.
     */
    public static Condition systemTenantSeeded() {
        return DSL.condition("coalesce((select (s ->> {2})::boolean from " + RECORD + "), false)",
                DSL.inline(PREFIX), DSL.inline(Migrations.HISTORY_TABLE), DSL.inline(SYSTEM_TENANT_SEEDED));
    }

    /**
     * Records {@code settings}, in the caller's transaction, with whether the system tenant's row was seeded by
     * queue-schema: it was when this transaction inserted it (V3, or a repair that restored it), or when the
     * record said so and the row is still there. A row the tenants service had before V3 ran is never marked:
     * the seed's {@code ON CONFLICT DO NOTHING} leaves it, and its xmin is another transaction's.
     */
    public static void record(Connection connection, MigrationSettings settings) throws SQLException {
        boolean seeded = !StepRunner.holds(connection, Tenants.absent()) && StepRunner.holds(connection, DSL.exists(
                DSL.selectOne().from(Tenants.TABLE).where(Tenants.ID.eq(DSL.inline(settings.systemTenant())))
                        .and(DSL.condition("xmin = pg_current_xact_id()::xid").or(systemTenantSeeded()))));
        String pairs = Arrays.stream(Setting.values()).map(setting -> "'" + setting.key + "', ?::text").collect(Collectors.joining(", "));
        Object[] parameters = Stream.of(Stream.of(PREFIX), Arrays.stream(Setting.values()).map(setting -> setting.value.apply(settings)),
                Stream.of(SYSTEM_TENANT_SEEDED, seeded)).flatMap(values -> values).toArray();
        String record = QueryRows.of(connection, "select ? || jsonb_build_object(" + pairs + ", ?::text, ?::boolean)::text", parameters)
                .get(0).get(0);
        try (Statement statement = connection.createStatement()) {
            statement.execute(SqlRenderer.render(DSL.query("comment on table {0} is {1}",
                    DSL.name(Migrations.HISTORY_TABLE), DSL.inline(record))));
        }
    }

    /**
     * Records the settings again, in the caller's transaction, if the database has a record: after a rollback
     * that kept V1, so that a system tenant row it deleted is no longer marked as seeded (a row the tenants
     * service inserts later with that id is not ours).
     */
    public static void rerecord(Connection connection, MigrationSettings settings) throws SQLException {
        if (read(connection).isPresent()) {
            record(connection, settings);
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
                throw new IllegalStateException("recording the settings in " + Migrations.HISTORY_TABLE + ": "
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
