package org.queueservice.schema.migrations.repair;

import java.sql.Connection;
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
    private static final Field<Integer> RANK = DSL.field(DSL.name("installed_rank"), SQLDataType.INTEGER);
    /** The version of the baseline row (an adopted database's), which keeps its rank. */
    private static final Field<String> BASELINE = DSL.inline("0");

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
                .from(HISTORY).where(VERSION.isNotNull()).and(VERSION.ne(BASELINE))))) {
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
                statement.execute(SqlRenderer.render(DSL.insertInto(HISTORY, RANK, VERSION,
                                DSL.field(DSL.name("description"), String.class), DSL.field(DSL.name("type"), String.class),
                                DSL.field(DSL.name("script"), String.class), DSL.field(DSL.name("checksum"), Integer.class),
                                DSL.field(DSL.name("installed_by"), String.class), DSL.field(DSL.name("execution_time"), Integer.class),
                                DSL.field(DSL.name("success"), Boolean.class))
                        .select(DSL.select(DSL.coalesce(DSL.max(RANK), DSL.inline(0)).plus(DSL.inline(1)),
                                DSL.inline(Integer.toString(migration.versionNumber())), DSL.inline(migration.getDescription()),
                                DSL.inline("JDBC"), DSL.inline(migration.getClass().getName()), DSL.inline(migration.getChecksum()),
                                DSL.currentUser(), DSL.inline(0), DSL.inline(true)).from(HISTORY))));
                restored.add("V" + migration.versionNumber() + " " + migration.getDescription());
            }
            if (!restored.isEmpty()) {
                // Ranks in version order: first out of the way (installed_rank is the key), then 1, 2, ... after the baseline.
                statement.execute(SqlRenderer.render(DSL.update(HISTORY).set(RANK, RANK.neg()).where(VERSION.ne(BASELINE))));
                org.jooq.Table<?> numbered = DSL.select(VERSION, DSL.field(DSL.selectCount().from(HISTORY).where(VERSION.eq(BASELINE)))
                                .plus(DSL.rowNumber().over(DSL.orderBy(VERSION.cast(SQLDataType.INTEGER)))).cast(SQLDataType.INTEGER).as(RANK))
                        .from(HISTORY).where(VERSION.ne(BASELINE)).asTable("n");
                statement.execute(SqlRenderer.render(DSL.update(HISTORY.as("h")).set(RANK, DSL.field(DSL.name("n", "installed_rank"), Integer.class))
                        .from(numbered).where(DSL.field(DSL.name("h", "version"), String.class).eq(DSL.field(DSL.name("n", "version"), String.class)))));
            }
        }
        return restored;
    }
}
