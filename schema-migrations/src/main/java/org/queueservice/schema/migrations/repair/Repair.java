package org.queueservice.schema.migrations.repair;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.QueueSchemaMigrations;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.catalog.CatalogSnapshot;
import org.queueservice.schema.migrations.internal.Idempotence;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.model.SqlRenderer;

/**
 * Re-applies, in the caller's transaction, the up steps of every version from V1 to the highest one the
 * history records, and gives each of those versions its history row again. Every step is idempotent
 * (IF NOT EXISTS, guards, DROP POLICY IF EXISTS before CREATE POLICY, ON CONFLICT DO NOTHING), so what is
 * still there stays as it is, and what drifted away (an index, a policy, forced row-level security, a
 * table, a deleted seed row) is created again. A step that autocommits in its version ({@code
 * CONCURRENTLY}) runs in its plain form here, as the audit's re-application does.
 */
public final class Repair {

    /** What repair did or, in a dry run, would do. */
    public record Report(int version, List<String> versions, List<String> historyRestored, List<String> catalogRestored) {

        public boolean changesAnything() {
            return !historyRestored.isEmpty() || !catalogRestored.isEmpty();
        }
    }

    private static final org.jooq.Table<?> HISTORY = DSL.table(DSL.name(QueueSchemaMigrations.HISTORY_TABLE));
    private static final Field<String> VERSION = DSL.field(DSL.name("version"), SQLDataType.VARCHAR);

    private Repair() {
    }

    /** Refuses, changing nothing, a history it cannot trust: a version unknown to the code, edited or stopped half-way. */
    public static Report run(Connection connection, List<SchemaMigration> migrations, MigrationSettings settings) throws SQLException {
        if (DSL.using(connection).fetchValue("select to_regclass(?)", QueueSchemaMigrations.HISTORY_TABLE) == null) {
            throw new MigrationFailure("repair refused: " + QueueSchemaMigrations.HISTORY_TABLE
                    + " does not exist, so there is no applied version to restore; run migrate. Nothing was changed.");
        }
        NavigableMap<Integer, Applied> recorded = recordedVersions(connection);
        if (recorded.isEmpty()) {
            throw new MigrationFailure("repair refused: the history records no applied version; run migrate. Nothing was changed.");
        }
        int version = recorded.lastKey();
        if (version > migrations.size()) {
            throw new MigrationFailure("repair refused: the history records V" + version + ", which this queue-schema does not "
                    + "have (it knows V1 to V" + migrations.size() + "); use the queue-schema that applied it. Nothing was changed.");
        }
        List<SchemaMigration> applied = migrations.subList(0, version);
        for (SchemaMigration migration : applied) {
            Applied row = recorded.get(migration.versionNumber());
            if (row == null) {
                continue;
            }
            if (!row.success()) {
                throw new MigrationFailure("repair refused: V" + migration.versionNumber() + " " + migration.getDescription()
                        + " stopped half-way; run migrate to finish it or rollback to undo it. Nothing was changed.");
            }
            if (!String.valueOf(migration.getChecksum()).equals(row.checksum())) {
                throw new MigrationFailure("repair refused: V" + migration.versionNumber() + " " + migration.getDescription()
                        + " as applied differs from the code (checksum); run validate for details. Nothing was changed.");
            }
            Optional<String> unsafe = migration.up(settings).stream().map(Idempotence::firstNonIdempotent)
                    .flatMap(Optional::stream).findFirst();
            if (unsafe.isPresent()) {
                throw new MigrationFailure("repair refused: V" + migration.versionNumber() + " has a step that cannot be "
                        + "re-applied safely: " + unsafe.get() + ". Nothing was changed.");
            }
        }

        String before = CatalogSnapshot.of(connection);
        for (SchemaMigration migration : applied) {
            StepRunner.run(connection, migration.up(settings));
        }
        String after = CatalogSnapshot.of(connection);
        List<String> historyRestored = restoreHistory(connection, applied, recorded);
        return new Report(version, applied.stream().map(m -> "V" + m.versionNumber() + " " + m.getDescription()).toList(),
                historyRestored, difference(before, after));
    }

    /** A history row: the checksum the version had when it was applied, and whether it finished. */
    private record Applied(String checksum, boolean success) {
    }

    /** The history rows above the baseline, by version. */
    private static NavigableMap<Integer, Applied> recordedVersions(Connection connection) throws SQLException {
        NavigableMap<Integer, Applied> versions = new TreeMap<>();
        for (List<String> row : QueryRows.of(connection, SqlRenderer.render(DSL.select(VERSION,
                DSL.field(DSL.name("checksum")).cast(SQLDataType.VARCHAR), DSL.field(DSL.name("success")).cast(SQLDataType.VARCHAR))
                .from(HISTORY).where(VERSION.isNotNull()).and(VERSION.ne(DSL.inline("0")))))) {
            versions.put(Integer.parseInt(row.get(0)), new Applied(row.get(1), Boolean.parseBoolean(row.get(2))));
        }
        return versions;
    }

    /**
     * Inserts the history rows of the versions that have none, then renumbers the versions' rows in version
     * order after any baseline row, as migrate would have written them.
     */
    private static List<String> restoreHistory(Connection connection, List<SchemaMigration> applied,
                                               Map<Integer, Applied> recorded) throws SQLException {
        List<String> restored = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (SchemaMigration migration : applied) {
                if (recorded.containsKey(migration.versionNumber())) {
                    continue;
                }
                try (PreparedStatement insert = connection.prepareStatement("insert into " + QueueSchemaMigrations.HISTORY_TABLE
                        + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) "
                        + "select coalesce(max(installed_rank), 0) + 1, ?, ?, 'JDBC', ?, ?, current_user, 0, true from "
                        + QueueSchemaMigrations.HISTORY_TABLE)) {
                    insert.setString(1, Integer.toString(migration.versionNumber()));
                    insert.setString(2, migration.getDescription());
                    insert.setString(3, migration.getClass().getName());
                    insert.setInt(4, migration.getChecksum());
                    insert.executeUpdate();
                }
                restored.add("V" + migration.versionNumber() + " " + migration.getDescription());
            }
            if (!restored.isEmpty()) {
                // Ranks in version order: first out of the way (installed_rank is the key), then 1, 2, ... after the baseline.
                statement.execute("update " + QueueSchemaMigrations.HISTORY_TABLE + " set installed_rank = -installed_rank "
                        + "where version <> '0'");
                statement.execute("update " + QueueSchemaMigrations.HISTORY_TABLE + " h set installed_rank = n.rank "
                        + "from (select version, ((select count(*) from " + QueueSchemaMigrations.HISTORY_TABLE + " where version = '0')"
                        + " + row_number() over (order by version::int))::int as rank from " + QueueSchemaMigrations.HISTORY_TABLE
                        + " where version <> '0') n where h.version = n.version");
            }
        }
        return restored;
    }

    /** The snapshot's lines that repair added (+) or changed away (-), in the order they appear. */
    private static List<String> difference(String before, String after) {
        List<String> was = before.lines().toList();
        List<String> now = after.lines().toList();
        List<String> changes = new ArrayList<>();
        now.stream().filter(line -> !line.isBlank() && !was.contains(line)).forEach(line -> changes.add("+ " + line));
        was.stream().filter(line -> !line.isBlank() && !now.contains(line)).forEach(line -> changes.add("- " + line));
        return changes;
    }
}
