package org.queueservice.schema.migrations.repair;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.model.SqlRenderer;

/** The history rows repair reads to know where the database stands, and writes back for the versions that lost theirs. */
final class HistoryRows {

    private static final org.jooq.Table<?> HISTORY = DSL.table(DSL.name(Migrations.HISTORY_TABLE));
    private static final Field<String> VERSION = DSL.field(DSL.name("version"), SQLDataType.VARCHAR);

    private HistoryRows() {
    }

    /** A history row: the checksum the version had when it was applied, and whether it finished. */
    record Applied(String checksum, boolean success) {
    }

    /** The history rows above the baseline, by version. */
    static NavigableMap<Integer, Applied> recorded(Connection connection) throws SQLException {
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
    static List<String> restore(Connection connection, List<SchemaMigration> applied,
                                               Map<Integer, Applied> recorded) throws SQLException {
        List<String> restored = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (SchemaMigration migration : applied) {
                if (recorded.containsKey(migration.versionNumber())) {
                    continue;
                }
                try (PreparedStatement insert = connection.prepareStatement("insert into " + Migrations.HISTORY_TABLE
                        + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) "
                        + "select coalesce(max(installed_rank), 0) + 1, ?, ?, 'JDBC', ?, ?, current_user, 0, true from "
                        + Migrations.HISTORY_TABLE)) {
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
                statement.execute("update " + Migrations.HISTORY_TABLE + " set installed_rank = -installed_rank "
                        + "where version <> '0'");
                statement.execute("update " + Migrations.HISTORY_TABLE + " h set installed_rank = n.rank "
                        + "from (select version, ((select count(*) from " + Migrations.HISTORY_TABLE + " where version = '0')"
                        + " + row_number() over (order by version::int))::int as rank from " + Migrations.HISTORY_TABLE
                        + " where version <> '0') n where h.version = n.version");
            }
        }
        return restored;
    }
}
