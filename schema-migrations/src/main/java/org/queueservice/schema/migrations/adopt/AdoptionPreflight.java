package org.queueservice.schema.migrations.adopt;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.model.SchemaModel;
import org.queueservice.schema.model.SqlRenderer;
import org.queueservice.schema.model.TableConstraint;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.TableIndex;
import org.queueservice.schema.model.Tenants;

/**
 * Read-only checks before anything changes: rows that a constraint the conversion adds would reject
 * (a status outside the lifecycle, a negative counter, a duplicate within a tenant, a NULL where no default
 * can fill it), rows of tenants missing from {@code tenants}, the system tenant missing (the seed needs it,
 * and adopt never writes to tenants), objects in the way (an index or constraint of the model's name
 * with another definition), and views over the queue tables that would show every tenant to their
 * readers. It also counts the NULLs that will become their column's default.
 */
final class AdoptionPreflight {

    private static final int SAMPLE = 3;

    /** One problem: where, what it breaks, how many rows, a few of their keys. */
    record Finding(String table, String constraint, long rows, List<String> keys, String problem) {
        String line() {
            return table + ": " + constraint + ": " + problem
                    + (rows > 0 ? ", " + rows + (rows == 1 ? " row" : " rows") + " (" + String.join(", ", keys)
                    + (rows > keys.size() ? ", ..." : "") + ")" : "");
        }
    }

    private final Connection connection;
    private final DSLContext db;
    private final SchemaCatalog live;
    private final SchemaCatalog expected;

    private AdoptionPreflight(Connection connection, SchemaCatalog live, SchemaCatalog expected) {
        this.connection = connection;
        this.db = DSL.using(connection);
        this.live = live;
        this.expected = expected;
    }

    static List<Finding> findings(Connection connection, SchemaCatalog live, SchemaCatalog expected, SchemaModel model,
                                  UUID systemTenant) throws SQLException {
        return new AdoptionPreflight(connection, live, expected).check(model, systemTenant);
    }

    /** Per table, per column: the NULLs that become the column's default. */
    static Map<String, Map<String, Long>> nullsToDefault(Connection connection, SchemaCatalog live, SchemaModel model) {
        DSLContext db = DSL.using(connection);
        Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
        for (TableDefinition table : model.tables()) {
            SchemaCatalog.Table now = live.tables().get(table.tableName());
            List<Field<?>> columns = ConversionPlan.backfilled(table, now);
            if (columns.isEmpty()) {
                continue;
            }
            // A column still to be added (rate_limiters.id) gets its value in every row.
            Record record = db.fetchOne(SqlRenderer.render(DSL.select(columns.stream()
                    .map(c -> now.column(c.getName()).isPresent()
                            ? DSL.count().filterWhere(DSL.field(c.getUnqualifiedName()).isNull()) : DSL.count()).toList())
                    .from(table(table.name()))));
            Map<String, Long> perColumn = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                perColumn.put(columns.get(i).getName(), Objects.requireNonNull(record).get(i, Long.class));
            }
            counts.put(table.tableName(), perColumn);
        }
        return counts;
    }

    private List<Finding> check(SchemaModel model, UUID systemTenant) throws SQLException {
        List<Finding> findings = new ArrayList<>(viewsOverTenantTables(model));
        for (TableDefinition table : model.tables()) {
            SchemaCatalog.Table now = live.tables().get(table.tableName());
            SchemaCatalog.Table want = expected.tables().get(table.tableName());
            Field<String> key = key(now);
            for (TableConstraint constraint : table.constraints()) {
                String name = constraint.name().last();
                var existing = now.constraint(name);
                Optional<Finding> index = existing.isPresent() ? Optional.empty()
                        : want.index(name).flatMap(needed -> indexInTheWay(table, now, name, needed));
                if (existing.isPresent() && !existing.get().definition().equals(want.constraint(name).orElseThrow().definition())) {
                    findings.add(inTheWay(table, "constraint " + name, existing.get().definition(), want.constraint(name).orElseThrow().definition()));
                } else if (index.isPresent()) {
                    findings.add(index.get());
                } else if (existing.map(c -> !c.validated()).orElse(true)) {
                    findings.addAll(rowsBreaking(table, constraint, key));
                }
            }
            for (SchemaCatalog.Column column : want.columns()) {
                boolean needsValue = column.notNull() && column.defaultExpression() == null;
                if (needsValue && now.column(column.name()).map(c -> !c.notNull()).orElse(false)) {
                    findings.addAll(rows(table, table.tableName() + "." + column.name(), key,
                            field(name(column.name())).isNull(), "NULL where the column needs a value"));
                }
            }
            if (now.constraint(table.primaryKeyName()).map(c -> !c.columns().equals(List.of(TableDefinition.ID.getName()))).orElse(true)) {
                indexInTheWay(table, now, ConversionPlan.newPrimaryKeyIndex(table), want.index(table.primaryKeyName()).orElseThrow())
                        .ifPresent(findings::add);
            }
            for (TableIndex index : table.indexes()) {
                String name = index.name().last();
                now.index(name).filter(i -> !sameIndex(i, want.index(name).orElseThrow())).ifPresent(i ->
                        findings.add(indexInTheWay(table, name, i, want.index(name).orElseThrow())));
            }
            if (now.constraint(table.foreignKeyName()).map(c -> !c.validated()).orElse(true)) {
                findings.addAll(rows(table, table.foreignKeyName(), key,
                        DSL.notExists(DSL.selectOne().from(Tenants.TABLE).where(Tenants.ID.eq(field(name(table.tableName(), "tenant_id"), SQLDataType.UUID)))),
                        "belongs to a tenant missing from tenants"));
            }
        }
        if (!db.fetchExists(DSL.selectOne().from(Tenants.TABLE).where(Tenants.ID.eq(inline(systemTenant))))) {
            findings.add(new Finding("tenants", "system tenant " + systemTenant, 0, List.of(),
                    "no row for the tenant that owns the seed rows; the tenants service must add it (adopt never writes to tenants), "
                            + "or pass the system tenant the original used with --system-tenant"));
        }
        return findings;
    }

    /**
     * Views and materialized views that read a queue table, directly or through other views (pg_rewrite's
     * dependencies). A view reads its tables with its owner's rights: row-level security binds the owner
     * only under FORCE, never a superuser, and a materialized view holds the rows it read, which no policy
     * filters. Granted to a login, either shows it every tenant after adoption. A view with
     * {@code security_invoker} (PostgreSQL 15) reads as whoever queries it, under the policies: it stays.
     * Adopt does not convert a view itself: making it read as its reader changes what its present readers
     * see, which is the operator's decision.
     */
    private List<Finding> viewsOverTenantTables(SchemaModel model) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        try (java.sql.PreparedStatement views = connection.prepareStatement("""
                with recursive reads(reader, tenant_table) as (
                    select r.ev_class, d.refobjid from pg_depend d join pg_rewrite r on r.oid = d.objid
                    where d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass and r.ev_class <> d.refobjid
                      and d.refobjid in (select oid from pg_class where relnamespace = current_schema()::regnamespace and relname = any(?))
                    union
                    select r.ev_class, reads.tenant_table from reads
                    join pg_depend d on d.refobjid = reads.reader and d.classid = 'pg_rewrite'::regclass and d.refclassid = 'pg_class'::regclass
                    join pg_rewrite r on r.oid = d.objid where r.ev_class <> d.refobjid)
                select v.oid::regclass::text, v.relkind = 'm', string_agg(distinct t.relname, ', ' order by t.relname)
                from reads join pg_class v on v.oid = reads.reader join pg_class t on t.oid = reads.tenant_table
                where v.relkind = 'm' or not coalesce((select o.option_value::boolean from pg_options_to_table(v.reloptions) o
                                                       where o.option_name = 'security_invoker'), false)
                group by v.oid, v.relkind order by 3, 1""")) {
            views.setArray(1, connection.createArrayOf("text", model.tables().stream().map(TableDefinition::tableName).toArray()));
            try (java.sql.ResultSet rows = views.executeQuery()) {
                while (rows.next()) {
                    String view = rows.getString(1);
                    findings.add(new Finding(rows.getString(3), (rows.getBoolean(2) ? "materialized view " : "view ") + view, 0, List.of(),
                            rows.getBoolean(2)
                                    ? "holds every tenant's rows, which no policy filters, for whoever may read it; drop it"
                                    : "reads with its owner's rights, which row-level security does not bind, so whoever may read it "
                                    + "sees every tenant's rows; make it read as its reader (`ALTER VIEW " + view
                                    + " SET (security_invoker = true)`) or drop it"));
                }
            }
        }
        return findings;
    }

    /**
     * The whole of pg_get_indexdef (the expected one is given the live schema): access method, operator
     * classes, collations, INCLUDE and storage parameters count as well as keys, predicate and uniqueness.
     * The name is left out: the index built for the new primary key becomes the key's under another name.
     */
    private static boolean sameIndex(SchemaCatalog.Index a, SchemaCatalog.Index b) {
        return unnamed(a.definition()).equals(unnamed(b.definition()));
    }

    private static String unnamed(String definition) {
        return definition.replaceFirst(" INDEX \\S+ ON ", " INDEX ON ");
    }

    /** What sets {@code is} apart from {@code needed}, named, so that the finding says more than two long lines. */
    static String indexDifferences(SchemaCatalog.Index is, SchemaCatalog.Index needed) {
        List<String> differences = new ArrayList<>();
        String method = accessMethod(is.definition());
        String neededMethod = accessMethod(needed.definition());
        if (!method.equals(neededMethod)) {
            differences.add("access method " + method + ", not " + neededMethod);
        }
        if (is.unique() != needed.unique()) {
            differences.add(is.unique() ? "unique, the schema's is not" : "not unique, the schema's is");
        }
        if (!is.keys().equals(needed.keys())) {
            differences.add("keys (" + String.join(", ", is.keys()) + "), not (" + String.join(", ", needed.keys()) + ")");
        }
        if (!Objects.equals(is.predicate(), needed.predicate())) {
            differences.add(is.predicate() == null ? "no predicate, the schema's is WHERE " + needed.predicate()
                    : "predicate WHERE " + is.predicate() + (needed.predicate() == null ? ", the schema's has none" : ", not WHERE " + needed.predicate()));
        }
        return differences.isEmpty() ? "operator class, collation, INCLUDE or storage parameters" : String.join("; ", differences);
    }

    private static String accessMethod(String definition) {
        return definition.replaceFirst("^.*? USING (\\S+) .*$", "$1");
    }

    /**
     * An index under a name the conversion builds concurrently and then turns into a constraint: the build
     * skips it (IF NOT EXISTS), so with another definition it would become the constraint, a global unique
     * where a per-tenant one belongs, or stop the conversion half-way when it is not unique.
     */
    private static Optional<Finding> indexInTheWay(TableDefinition table, SchemaCatalog.Table now, String name,
                                                    SchemaCatalog.Index needed) {
        return now.index(name).filter(i -> !i.ofConstraint() && !sameIndex(i, needed))
                .map(i -> indexInTheWay(table, name, i, needed));
    }

    private static Finding indexInTheWay(TableDefinition table, String name, SchemaCatalog.Index is, SchemaCatalog.Index needed) {
        return new Finding(table.tableName(), "index " + name, 0, List.of(), "in the way: it is `" + is.definition() + "`, the schema needs `"
                + needed.definition() + "` (it differs in " + indexDifferences(is, needed) + "); drop or rename it");
    }

    private static Finding inTheWay(TableDefinition table, String object, String is, String needed) {
        return new Finding(table.tableName(), object, 0, List.of(), "in the way: it is `" + is + "`, the schema needs `" + needed
                + "`; drop or rename it");
    }

    private List<Finding> rowsBreaking(TableDefinition table, TableConstraint constraint, Field<String> key) {
        String name = constraint.name().last();
        if (constraint instanceof TableConstraint.Check check) {
            return rows(table, name, key, DSL.not(check.condition()), "rows it would reject");
        }
        List<Field<Object>> columns = ((TableConstraint.Unique) constraint).columns().stream().map(DSL::field).toList();
        var duplicated = DSL.select(columns).from(table(table.name()))
                .where(DSL.and(columns.stream().map(Field::isNotNull).toList()))
                .groupBy(columns).having(DSL.count().gt(inline(1)));
        return rows(table, name, key, DSL.row(columns).in(duplicated), "rows that repeat a value within their tenant");
    }

    private List<Finding> rows(TableDefinition table, String constraint, Field<String> key, Condition breaking, String problem) {
        // Counting all, listing a few: the sample comes from a second, limited query.
        Record counted = db.fetchOne(SqlRenderer.render(DSL.selectCount().from(table(table.name())).where(breaking)));
        long count = Objects.requireNonNull(counted).get(0, Long.class);
        if (count == 0) {
            return List.of();
        }
        List<String> keys = db.fetch(SqlRenderer.render(DSL.select(key).from(table(table.name())).where(breaking)
                .orderBy(key).limit(SAMPLE))).getValues(0, String.class);
        return List.of(new Finding(table.tableName(), constraint, count, keys, problem));
    }

    /** The live primary key's column as text: id, or service_name in the original rate_limiters. */
    private static Field<String> key(SchemaCatalog.Table table) {
        String column = table.constraint(table.name() + "_pkey").map(c -> c.columns().get(0)).orElse(TableDefinition.ID.getName());
        return field(name(table.name(), column)).cast(SQLDataType.VARCHAR);
    }
}
