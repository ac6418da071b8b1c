package org.queueservice.schema.migrations.catalog;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.Migrations;

/**
 * The current schema as PostgreSQL itself reports it (format_type, pg_get_expr, pg_get_constraintdef,
 * pg_get_indexdef), read once from pg_catalog: tables with columns, comments, constraints, indexes,
 * triggers, row-level security, policies and grants, the functions, and every table's rows without the
 * columns that differ on every insert. Flyway's history table is left out. PostgreSQL's own rendering
 * makes two databases comparable whatever built them: the model directly, or the migrations.
 *
 * @param tables by name
 * @param functions {@code CREATE OR REPLACE FUNCTION ...;} in name order
 */
public record SchemaCatalog(Map<String, Table> tables, List<String> functions) {

    private static final String CURRENT_SCHEMA = "current_schema()::regnamespace";

    public record Table(String name, String quoted, String comment, List<Column> columns, List<Comment> comments,
                        List<Constraint> constraints, List<Index> indexes, List<String> triggers,
                        boolean rowSecurity, boolean forceRowSecurity, List<Policy> policies, List<String> grants,
                        List<String> rows) {

        public Optional<Column> column(String column) {
            return columns.stream().filter(c -> c.name().equals(column)).findFirst();
        }

        public Optional<Constraint> constraint(String constraint) {
            return constraints.stream().filter(c -> c.name().equals(constraint)).findFirst();
        }

        public Optional<Index> index(String index) {
            return indexes.stream().filter(i -> i.name().equals(index)).findFirst();
        }
    }

    /**
     * @param type {@code format_type}, e.g. {@code character varying(255)}
     * @param defaultExpression {@code pg_get_expr} of the default, or null
     * @param comment the column's comment, or null
     */
    public record Column(String name, String quotedName, String type, boolean notNull, String defaultExpression, String comment) {
        String definition() {
            return type + (notNull ? " NOT NULL" : "") + (defaultExpression == null ? "" : " DEFAULT " + defaultExpression);
        }
    }

    /** A comment line as the snapshot prints it. */
    public record Comment(String statement) {
    }

    /**
     * @param type p, f, u or c, as in pg_constraint.contype
     * @param columns the constrained columns, in key order
     * @param statement {@code ALTER TABLE ... ADD CONSTRAINT ...;}
     */
    public record Constraint(String name, String type, String definition, boolean validated, List<String> columns,
                             String statement) {
    }

    /**
     * @param keys the key columns in order, each with {@code DESC} where it descends
     * @param predicate the WHERE of a partial index, or null
     * @param ofConstraint whether a primary key or unique constraint owns it
     */
    public record Index(String name, String definition, boolean valid, boolean unique, List<String> keys,
                        String predicate, boolean ofConstraint) {
    }

    public record Policy(String name, String definition) {
    }

    public static SchemaCatalog read(Connection connection) {
        return read(connection, true, CURRENT_SCHEMA);
    }

    /**
     * The structure only, every table's {@code rows} left empty: for reading a live database (the audit)
     * without scanning its data.
     */
    public static SchemaCatalog readStructure(Connection connection) {
        return read(connection, false, CURRENT_SCHEMA);
    }

    /**
     * The structure of the session's temporary tables: how PostgreSQL reports a definition (types,
     * defaults, constraints, indexes) that the caller created there in a transaction it then rolls back.
     */
    public static SchemaCatalog readTemporary(Connection connection) {
        return read(connection, false, "pg_my_temp_schema()");
    }

    private static SchemaCatalog read(Connection connection, boolean withRows, String namespace) {
        DSLContext db = DSL.using(connection, SQLDialect.POSTGRES);
        Map<String, Table> tables = new TreeMap<>();
        for (Record table : db.fetch("""
                select c.oid, c.relname, quote_ident(c.relname), obj_description(c.oid, 'pg_class'),
                       c.relrowsecurity, c.relforcerowsecurity
                from pg_class c
                where c.relnamespace = %s and c.relkind in ('r', 'p') and c.relname <> ?
                order by c.relname""".formatted(namespace), Migrations.HISTORY_TABLE)) {
            long oid = table.get(0, Long.class);
            String name = table.get(1, String.class);
            tables.put(name, new Table(name, table.get(2, String.class), table.get(3, String.class),
                    columns(db, oid), comments(db, oid), constraints(db, oid), indexes(db, oid), triggers(db, oid),
                    table.get(4, Boolean.class), table.get(5, Boolean.class), policies(db, oid), grants(db, oid),
                    withRows ? rows(db, oid, table.get(2, String.class)) : List.of()));
        }
        List<String> functions = db.fetch("""
                select pg_get_functiondef(p.oid) || ';' from pg_proc p
                where p.pronamespace = current_schema()::regnamespace order by p.proname, 1""")
                .getValues(0, String.class);
        return new SchemaCatalog(java.util.Collections.unmodifiableMap(tables), List.copyOf(functions));
    }

    private static List<Column> columns(DSLContext db, long table) {
        return db.fetch("""
                select a.attname, quote_ident(a.attname), format_type(a.atttypid, a.atttypmod), a.attnotnull,
                       pg_get_expr(d.adbin, d.adrelid), col_description(a.attrelid, a.attnum)
                from pg_attribute a left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                where a.attrelid = ? and a.attnum > 0 and not a.attisdropped order by a.attnum""", table)
                .map(r -> new Column(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, Boolean.class), r.get(4, String.class), r.get(5, String.class)));
    }

    private static List<Comment> comments(DSLContext db, long table) {
        return db.fetch("""
                select 'COMMENT ON TABLE ' || ?::regclass::text || ' IS ' || quote_literal(d.description) || ';'
                from pg_description d where d.objoid = ? and d.classoid = 'pg_class'::regclass and d.objsubid = 0
                union all
                select 'COMMENT ON COLUMN ' || ?::regclass::text || '.' || quote_ident(a.attname) || ' IS '
                       || quote_literal(d.description) || ';'
                from pg_description d join pg_attribute a on a.attrelid = d.objoid and a.attnum = d.objsubid
                where d.objoid = ? and d.classoid = 'pg_class'::regclass and d.objsubid > 0
                order by 1""", table, table, table, table).map(r -> new Comment(r.get(0, String.class)));
    }

    private static List<Constraint> constraints(DSLContext db, long table) {
        return db.fetch("""
                select conname, contype::text, pg_get_constraintdef(oid), convalidated,
                       array(select a.attname::text from unnest(conkey) with ordinality k(n, i)
                             join pg_attribute a on a.attrelid = conrelid and a.attnum = k.n order by k.i),
                       'ALTER TABLE ' || conrelid::regclass::text || ' ADD CONSTRAINT ' || quote_ident(conname) || ' '
                       || pg_get_constraintdef(oid) || ';'
                from pg_constraint where conrelid = ? order by conname""", table)
                .map(r -> new Constraint(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, Boolean.class), List.of(r.get(4, String[].class)), r.get(5, String.class)));
    }

    private static List<Index> indexes(DSLContext db, long table) {
        return db.fetch("""
                select c.relname, pg_get_indexdef(i.indexrelid), i.indisvalid, i.indisunique,
                       array(select pg_get_indexdef(i.indexrelid, k, true)
                                    || case when i.indoption[k - 1] & 1 = 1 then ' DESC' else '' end
                             from generate_series(1, i.indnkeyatts) k order by k),
                       pg_get_expr(i.indpred, i.indrelid),
                       exists (select 1 from pg_constraint con where con.conindid = i.indexrelid and con.contype in ('p', 'u'))
                from pg_index i join pg_class c on c.oid = i.indexrelid
                where i.indrelid = ? order by c.relname""", table)
                .map(r -> new Index(r.get(0, String.class), r.get(1, String.class), r.get(2, Boolean.class),
                        r.get(3, Boolean.class), List.of(r.get(4, String[].class)), r.get(5, String.class), r.get(6, Boolean.class)));
    }

    private static List<String> triggers(DSLContext db, long table) {
        return db.fetch("select pg_get_triggerdef(oid) || ';' from pg_trigger where tgrelid = ? and not tgisinternal order by tgname",
                table).getValues(0, String.class);
    }

    private static List<Policy> policies(DSLContext db, long table) {
        return db.fetch("""
                select p.polname, 'CREATE POLICY ' || quote_ident(p.polname) || ' ON ' || p.polrelid::regclass::text
                       || ' AS ' || case when p.polpermissive then 'PERMISSIVE' else 'RESTRICTIVE' end
                       || ' FOR ' || case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
                                               when 'd' then 'DELETE' else 'ALL' end
                       || ' TO ' || (select string_agg(case when r = 0 then 'public' else quote_ident(r::regrole::text) end,
                                                        ', ' order by 1) from unnest(p.polroles) r)
                       || coalesce(' USING (' || pg_get_expr(p.polqual, p.polrelid) || ')', '')
                       || coalesce(' WITH CHECK (' || pg_get_expr(p.polwithcheck, p.polrelid) || ')', '') || ';'
                from pg_policy p where p.polrelid = ? order by p.polname""", table)
                .map(r -> new Policy(r.get(0, String.class), r.get(1, String.class)));
    }

    /** A line of {@link Table#grants()}: its grantee is a plain or a quoted identifier. */
    private static final Pattern GRANT = Pattern.compile("^GRANT [A-Z, ]+ ON .+? TO (\"(?:[^\"]|\"\")+\"|[^\"\\s;]+);$");

    /**
     * The role a line of {@link Table#grants()} is to, as PostgreSQL stores its name ({@code public} for PUBLIC). The
     * line quotes it as an identifier where it must (regrole's text), and a role name may hold spaces, quotes or SQL.
     */
    public static String grantee(String grant) {
        Matcher line = GRANT.matcher(grant);
        if (!line.matches()) {
            throw new IllegalArgumentException("not a grant line of the catalog: " + grant);
        }
        String identifier = line.group(1);
        return identifier.startsWith("\"") ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"") : identifier;
    }

    private static List<String> grants(DSLContext db, long table) {
        return db.fetch("""
                select 'GRANT ' || string_agg(a.privilege_type, ', ' order by a.privilege_type) || ' ON '
                       || c.oid::regclass::text || ' TO '
                       || case when a.grantee = 0 then 'public' else a.grantee::regrole::text end || ';'
                from pg_class c cross join lateral aclexplode(c.relacl) a
                where c.oid = ? and a.grantee <> c.relowner
                group by c.oid, a.grantee order by 1""", table).getValues(0, String.class);
    }

    /**
     * Every row as jsonb, without the columns whose defaults differ on every insert (generated ids,
     * timestamps), in a stable order. For a schema the migrations built these are the seed rows.
     */
    private static List<String> rows(DSLContext db, long table, String quoted) {
        String[] volatileColumns = db.fetch("""
                select a.attname from pg_attribute a join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
                where a.attrelid = ? and a.attnum > 0 and not a.attisdropped
                  and (pg_get_expr(d.adbin, d.adrelid) ilike '%gen_random_uuid()%'
                       or pg_get_expr(d.adbin, d.adrelid) ilike '%current_timestamp%'
                       or pg_get_expr(d.adbin, d.adrelid) ilike '%now()%')""", table).getValues(0, String.class)
                .toArray(String[]::new);
        return db.fetch("select (to_jsonb(t) - ?::text[])::text from " + quoted + " t order by 1", (Object) volatileColumns)
                .getValues(0, String.class);
    }

    /**
     * Every object as {@code kind name -> definition}, independent of column order (PostgreSQL appends an
     * added column; it cannot move one without rewriting the table). Two schemas are the same when these
     * maps are equal.
     */
    public Map<String, String> objects() {
        Map<String, String> objects = new TreeMap<>();
        for (Table table : tables.values()) {
            String t = table.name();
            objects.put("table " + t, "comment " + table.comment());
            for (Column column : table.columns()) {
                objects.put("column " + t + "." + column.name(), column.definition());
                if (column.comment() != null) {
                    objects.put("comment on column " + t + "." + column.name(), column.comment());
                }
            }
            for (Constraint constraint : table.constraints()) {
                objects.put("constraint " + t + "." + constraint.name(),
                        constraint.definition() + (constraint.validated() ? "" : " NOT VALID"));
            }
            for (Index index : table.indexes()) {
                objects.put("index " + t + "." + index.name(), index.definition() + (index.valid() ? "" : " INVALID"));
            }
            table.triggers().forEach(trigger -> objects.put("trigger " + t + "." + trigger.replaceFirst("^CREATE TRIGGER (\\S+) .*$", "$1"), trigger));
            objects.put("row-level security " + t, (table.rowSecurity() ? "enabled" : "disabled")
                    + (table.forceRowSecurity() ? ", forced" : ", not forced"));
            table.policies().forEach(policy -> objects.put("policy " + t + "." + policy.name(), policy.definition()));
            table.grants().forEach(grant -> objects.put("grant " + t + " " + grantee(grant), grant));
            for (int i = 0; i < table.rows().size(); i++) {
                objects.merge("row " + t + " " + table.rows().get(i), "present", (a, b) -> a + ", present");
            }
        }
        for (String function : functions) {
            objects.put("function " + function.replaceFirst("(?s)^CREATE OR REPLACE FUNCTION (\\S+?)\\(.*$", "$1"), function);
        }
        return objects;
    }

    /**
     * The objects that differ from {@code other}'s, one line each, naming the object and both definitions;
     * empty when the schemas are the same.
     */
    public List<String> differencesFrom(SchemaCatalog other, String thisName, String otherName) {
        Map<String, String> mine = objects();
        Map<String, String> theirs = other.objects();
        TreeMap<String, Boolean> keys = new TreeMap<>();
        mine.keySet().forEach(k -> keys.put(k, true));
        theirs.keySet().forEach(k -> keys.put(k, true));
        List<String> differences = new ArrayList<>();
        for (String key : keys.keySet()) {
            String a = mine.get(key);
            String b = theirs.get(key);
            if (a == null) {
                differences.add(key + ": only in " + otherName + " (" + b + ")");
            } else if (b == null) {
                differences.add(key + ": only in " + thisName + " (" + a + ")");
            } else if (!a.equals(b)) {
                differences.add(key + ": " + thisName + " has `" + a + "`, " + otherName + " has `" + b + "`");
            }
        }
        return differences;
    }
}
