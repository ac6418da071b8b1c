package org.queueservice.schema.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.jooq.impl.DSL;
import org.queueservice.schema.model.SqlRenderer;

/**
 * A canonical, deterministic text of everything in the current schema, read back from pg_catalog:
 * tables with columns, defaults and comments, constraints, indexes, triggers, RLS flags, policies,
 * grants, functions, and the rows of every table (without generated ids and timestamps). Two databases
 * with the same schema and seed rows give the same text, whatever their OIDs, owners or creation times.
 * Flyway's history table is left out.
 */
public final class CatalogSnapshot {

    private CatalogSnapshot() {
    }

    public static String of(Connection connection) throws SQLException {
        StringBuilder out = new StringBuilder();
        for (Relation table : tables(connection)) {
            out.append('\n');
            table(connection, table, out);
        }
        for (String[] function : rows(connection, """
                select p.proname, pg_get_functiondef(p.oid) || ';'
                from pg_proc p where p.pronamespace = current_schema()::regnamespace
                order by 1, 2""")) {
            out.append('\n').append(function[1].strip()).append('\n');
        }
        return out.toString();
    }

    private record Relation(long oid, String name, String quoted) {
    }

    private static List<Relation> tables(Connection connection) throws SQLException {
        List<Relation> tables = new ArrayList<>();
        for (String[] row : rows(connection, """
                select c.oid::text, c.relname, quote_ident(c.relname) from pg_class c
                where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
                  and c.relname <> '""" + QueueSchemaMigrations.HISTORY_TABLE + "' order by c.relname")) {
            tables.add(new Relation(Long.parseLong(row[0]), row[1], row[2]));
        }
        return tables;
    }

    private static void table(Connection connection, Relation table, StringBuilder out) throws SQLException {
        long oid = table.oid();
        out.append("CREATE TABLE ").append(table.quoted()).append(" (\n");
        List<String[]> columns = rows(connection, """
                select quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
                       || case when a.attnotnull then ' NOT NULL' else '' end
                       || coalesce(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
                from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                where a.attrelid = ? and a.attnum > 0 and not a.attisdropped order by a.attnum""", oid);
        for (int i = 0; i < columns.size(); i++) {
            out.append("    ").append(columns.get(i)[0]).append(i + 1 < columns.size() ? ",\n" : "\n");
        }
        out.append(");\n");
        appendAll(out, rows(connection, """
                select 'COMMENT ON TABLE ' || ?::regclass::text || ' IS ' || quote_literal(d.description) || ';'
                from pg_description d where d.objoid = ? and d.classoid = 'pg_class'::regclass and d.objsubid = 0
                union all
                select 'COMMENT ON COLUMN ' || ?::regclass::text || '.' || quote_ident(a.attname) || ' IS '
                       || quote_literal(d.description) || ';'
                from pg_description d join pg_attribute a on a.attrelid = d.objoid and a.attnum = d.objsubid
                where d.objoid = ? and d.classoid = 'pg_class'::regclass and d.objsubid > 0
                order by 1""", oid, oid, oid, oid));
        appendAll(out, rows(connection, """
                select 'ALTER TABLE ' || conrelid::regclass::text || ' ADD CONSTRAINT ' || quote_ident(conname) || ' '
                       || pg_get_constraintdef(oid) || ';'
                from pg_constraint where conrelid = ? order by conname""", oid));
        appendAll(out, rows(connection, """
                select pg_get_indexdef(i.indexrelid) || ';' from pg_index i join pg_class c on c.oid = i.indexrelid
                where i.indrelid = ? order by c.relname""", oid));
        appendAll(out, rows(connection, """
                select pg_get_triggerdef(oid) || ';' from pg_trigger where tgrelid = ? and not tgisinternal
                order by tgname""", oid));
        appendAll(out, rows(connection, """
                select 'ALTER TABLE ' || oid::regclass::text || ' ENABLE ROW LEVEL SECURITY;'
                from pg_class where oid = ? and relrowsecurity
                union all
                select 'ALTER TABLE ' || oid::regclass::text || ' FORCE ROW LEVEL SECURITY;'
                from pg_class where oid = ? and relforcerowsecurity
                order by 1""", oid, oid));
        appendAll(out, rows(connection, """
                select 'CREATE POLICY ' || quote_ident(p.polname) || ' ON ' || p.polrelid::regclass::text
                       || ' AS ' || case when p.polpermissive then 'PERMISSIVE' else 'RESTRICTIVE' end
                       || ' FOR ' || case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
                                               when 'd' then 'DELETE' else 'ALL' end
                       || ' TO ' || (select string_agg(case when r = 0 then 'public' else quote_ident(r::regrole::text) end,
                                                        ', ' order by 1) from unnest(p.polroles) r)
                       || coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
                       || coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '') || ';'
                from pg_policy p where p.polrelid = ? order by p.polname""", oid));
        appendAll(out, rows(connection, """
                select 'GRANT ' || string_agg(a.privilege_type, ', ' order by a.privilege_type) || ' ON '
                       || c.oid::regclass::text || ' TO '
                       || case when a.grantee = 0 then 'public' else quote_ident(a.grantee::regrole::text) end || ';'
                from pg_class c cross join lateral aclexplode(c.relacl) a
                where c.oid = ? and a.grantee <> c.relowner
                group by c.oid, a.grantee order by 1""", oid));
        appendAll(out, tableRows(connection, table));
    }

    /**
     * Every row of the table as jsonb, without the columns whose defaults differ on every insert
     * (generated ids, timestamps), in a stable order. For the migrated schema these are the seed rows.
     */
    private static List<String[]> tableRows(Connection connection, Relation table) throws SQLException {
        List<String[]> volatileColumns = rows(connection, """
                select a.attname from pg_attribute a join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                where a.attrelid = ? and a.attnum > 0 and not a.attisdropped
                  and (pg_get_expr(d.adbin, d.adrelid) ilike '%gen_random_uuid()%'
                       or pg_get_expr(d.adbin, d.adrelid) ilike '%current_timestamp%'
                       or pg_get_expr(d.adbin, d.adrelid) ilike '%now()%')""", table.oid());
        String[] excluded = volatileColumns.stream().map(row -> row[0]).toArray(String[]::new);
        return rows(connection, "select '-- row ' || (to_jsonb(t) - ?::text[])::text from "
                + SqlRenderer.render(DSL.name(table.name())) + " t order by 1", connection.createArrayOf("text", excluded));
    }

    private static void appendAll(StringBuilder out, List<String[]> lines) {
        lines.forEach(line -> out.append(line[0]).append('\n'));
    }

    private static List<String[]> rows(Connection connection, String sql, Object... parameters) throws SQLException {
        return QueryRows.of(connection, sql, parameters).stream().map(row -> row.toArray(String[]::new)).toList();
    }
}
