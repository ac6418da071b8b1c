package org.queueservice.schema.migrations;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Counts of what exists in the current schema, for the command line's report. */
public record SchemaSummary(int tables, int indexes, int policies, int triggers, int rlsForcedTables) {

    public static SchemaSummary read(Connection connection) throws SQLException {
        String sql = """
                select
                  (select count(*) from pg_class c where c.relnamespace = current_schema()::regnamespace
                     and c.relkind = 'r' and c.relname <> 'flyway_schema_history'),
                  (select count(*) from pg_class c where c.relnamespace = current_schema()::regnamespace
                     and c.relkind = 'i' and c.relname not like 'flyway_schema_history%'),
                  (select count(*) from pg_policy p join pg_class c on c.oid = p.polrelid
                     where c.relnamespace = current_schema()::regnamespace),
                  (select count(*) from pg_trigger t join pg_class c on c.oid = t.tgrelid
                     where c.relnamespace = current_schema()::regnamespace and not t.tgisinternal),
                  (select count(*) from pg_class c where c.relnamespace = current_schema()::regnamespace
                     and c.relrowsecurity and c.relforcerowsecurity)
                """;
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return new SchemaSummary(row.getInt(1), row.getInt(2), row.getInt(3), row.getInt(4), row.getInt(5));
        }
    }

    @Override
    public String toString() {
        return tables + " tables, " + indexes + " indexes, " + policies + " policies, " + triggers + " triggers, "
                + rlsForcedTables + " tables with forced row-level security";
    }
}
