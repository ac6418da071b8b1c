package org.queueservice.schema.model;

import static org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE;
import static org.jooq.impl.SQLDataType.UUID;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

import org.jooq.Constraint;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.impl.DSL;

/**
 * One tenant table of the desired schema as a value: its columns, comments, constraints and indexes.
 * Every definition has the columns, primary key and tenant foreign key that tenant isolation relies on:
 * the only way to make one is {@link #tenantTable}, and no wither removes them. Tests derive variants
 * ("today's jobs plus a column") with the {@code with...} methods without touching the real model.
 */
public final class TableDefinition {

    public static final Field<java.util.UUID> ID = DSL.field(DSL.name("id"), UUID.notNull().defaultValue(DSL.uuid()));
    public static final Field<java.util.UUID> TENANT_ID = DSL.field(DSL.name("tenant_id"), UUID.notNull());
    public static final Field<OffsetDateTime> CREATED_AT =
            DSL.field(DSL.name("created_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()));
    public static final Field<OffsetDateTime> UPDATED_AT =
            DSL.field(DSL.name("updated_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()));

    private static final List<Field<?>> STANDARD = List.of(ID, TENANT_ID, CREATED_AT, UPDATED_AT);

    private final Name name;
    private final String comment;
    private final List<Field<?>> ownColumns;
    private final Map<String, String> columnComments;
    private final List<TableConstraint> ownConstraints;
    private final List<TableIndex> indexes;

    private TableDefinition(Name name, String comment, List<Field<?>> ownColumns, Map<String, String> columnComments,
                            List<TableConstraint> ownConstraints, List<TableIndex> indexes) {
        this.name = name;
        this.comment = comment;
        this.ownColumns = List.copyOf(ownColumns);
        this.columnComments = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(columnComments));
        this.ownConstraints = List.copyOf(ownConstraints);
        this.indexes = List.copyOf(indexes);
        requireUnique("column", columns().stream().map(Field::getName).toList());
        requireUnique("constraint or index", java.util.stream.Stream.concat(
                java.util.stream.Stream.concat(List.of(primaryKeyName(), foreignKeyName()).stream(),
                        ownConstraints.stream().map(c -> c.name().last())),
                indexes.stream().map(i -> i.name().last())).toList());
    }

    /** A table with only the standard columns (id, tenant_id, created_at, updated_at), key and tenant foreign key. */
    public static TableDefinition tenantTable(String name, String comment) {
        Map<String, String> comments = new LinkedHashMap<>();
        comments.put(TENANT_ID.getName(), "Owning tenant; rows are visible only to that tenant (row-level security).");
        comments.put(UPDATED_AT.getName(), "Maintained by the set_updated_at trigger on every UPDATE.");
        return new TableDefinition(DSL.name(name), comment, List.of(), comments, List.of(), List.of());
    }

    public Name name() {
        return name;
    }

    public String tableName() {
        return name.last();
    }

    public String comment() {
        return comment;
    }

    /** All columns in table order: id, tenant_id, the table's own columns, then the timestamps. */
    public List<Field<?>> columns() {
        List<Field<?>> all = new ArrayList<>(List.of(ID, TENANT_ID));
        all.addAll(ownColumns);
        all.addAll(List.of(CREATED_AT, UPDATED_AT));
        return List.copyOf(all);
    }

    public Optional<Field<?>> column(String column) {
        return columns().stream().filter(f -> f.getName().equals(column)).findFirst();
    }

    /** Column name to comment, for the columns that have one. */
    public Map<String, String> columnComments() {
        return columnComments;
    }

    public List<TableConstraint> constraints() {
        return ownConstraints;
    }

    public Optional<TableConstraint> constraint(String constraintName) {
        return ownConstraints.stream().filter(c -> c.name().last().equals(constraintName)).findFirst();
    }

    public List<TableIndex> indexes() {
        return indexes;
    }

    public Optional<TableIndex> index(String indexName) {
        return indexes.stream().filter(i -> i.name().last().equals(indexName)).findFirst();
    }

    public String primaryKeyName() {
        return tableName() + "_pkey";
    }

    public String foreignKeyName() {
        return tableName() + "_tenant_id_fkey";
    }

    public TableDefinition withComment(String newComment) {
        return new TableDefinition(name, newComment, ownColumns, columnComments, ownConstraints, indexes);
    }

    /** Adds a column after the table's own columns, before the timestamps. */
    public TableDefinition withColumn(Field<?> column) {
        List<Field<?>> columns = new ArrayList<>(ownColumns);
        columns.add(column);
        return new TableDefinition(name, comment, columns, columnComments, ownConstraints, indexes);
    }

    /** Replaces a column of the table's own by one of the same name (another type, default or nullability). */
    public TableDefinition withColumn(String column, UnaryOperator<DataType<?>> change) {
        requireOwnColumn(column);
        List<Field<?>> columns = ownColumns.stream()
                .<Field<?>>map(f -> f.getName().equals(column) ? DSL.field(f.getUnqualifiedName(), change.apply(f.getDataType())) : f)
                .toList();
        return new TableDefinition(name, comment, columns, columnComments, ownConstraints, indexes);
    }

    public TableDefinition withoutColumn(String column) {
        requireOwnColumn(column);
        Map<String, String> comments = new LinkedHashMap<>(columnComments);
        comments.remove(column);
        return new TableDefinition(name, comment, ownColumns.stream().filter(f -> !f.getName().equals(column)).toList(),
                comments, ownConstraints, indexes);
    }

    /** Sets a column's comment; null removes it. */
    public TableDefinition withColumnComment(String column, String text) {
        if (column(column).isEmpty()) {
            throw new IllegalArgumentException(tableName() + " has no column " + column);
        }
        Map<String, String> comments = new LinkedHashMap<>(columnComments);
        if (text == null) {
            comments.remove(column);
        } else {
            comments.put(column, text);
        }
        return new TableDefinition(name, comment, ownColumns, comments, ownConstraints, indexes);
    }

    public TableDefinition withConstraint(TableConstraint constraint) {
        List<TableConstraint> constraints = new ArrayList<>(ownConstraints);
        constraints.add(constraint);
        return new TableDefinition(name, comment, ownColumns, columnComments, constraints, indexes);
    }

    public TableDefinition withoutConstraint(String constraintName) {
        if (constraint(constraintName).isEmpty()) {
            throw new IllegalArgumentException(tableName() + " has no constraint " + constraintName);
        }
        return new TableDefinition(name, comment, ownColumns, columnComments,
                ownConstraints.stream().filter(c -> !c.name().last().equals(constraintName)).toList(), indexes);
    }

    public TableDefinition withIndex(TableIndex index) {
        List<TableIndex> all = new ArrayList<>(indexes);
        all.add(index);
        return new TableDefinition(name, comment, ownColumns, columnComments, ownConstraints, all);
    }

    public TableDefinition withoutIndex(String indexName) {
        if (index(indexName).isEmpty()) {
            throw new IllegalArgumentException(tableName() + " has no index " + indexName);
        }
        return new TableDefinition(name, comment, ownColumns, columnComments, ownConstraints,
                indexes.stream().filter(i -> !i.name().last().equals(indexName)).toList());
    }

    /** Every constraint as jOOQ DDL: primary key, tenant foreign key, then the table's own. */
    public List<Constraint> jooqConstraints() {
        List<Constraint> all = new ArrayList<>();
        // tenant_id first: Citus needs the distribution column in every unique key, and it leads like every index.
        all.add(DSL.constraint(DSL.name(primaryKeyName())).primaryKey(TENANT_ID, ID));
        all.add(DSL.constraint(DSL.name(foreignKeyName()))
                .foreignKey(TENANT_ID).references(Tenants.TABLE, Tenants.ID).onDeleteRestrict());
        ownConstraints.forEach(c -> all.add(c.toConstraint()));
        return List.copyOf(all);
    }

    /** CREATE TABLE IF NOT EXISTS with every column, default and constraint. */
    public Query createTable() {
        return DSL.createTableIfNotExists(name).columns(columns()).constraints(jooqConstraints());
    }

    public Query createIndex(TableIndex index) {
        var create = DSL.createIndexIfNotExists(index.name()).on(DSL.table(name), index.columns());
        return index.where().<Query>map(create::where).orElse(create);
    }

    public List<Query> comments() {
        List<Query> comments = new ArrayList<>();
        comments.add(DSL.commentOnTable(name).is(comment));
        columnComments.forEach((column, text) -> comments.add(DSL.commentOnColumn(DSL.name(tableName(), column)).is(text)));
        return comments;
    }

    private void requireOwnColumn(String column) {
        if (ownColumns.stream().noneMatch(f -> f.getName().equals(column))) {
            throw new IllegalArgumentException(tableName() + "." + column + " is not one of the table's own columns"
                    + (STANDARD.stream().anyMatch(f -> f.getName().equals(column)) ? " (every tenant table keeps it)" : ""));
        }
    }

    private void requireUnique(String what, List<String> names) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException(tableName() + " declares " + what + " " + n + " twice");
            }
        }
    }

    @Override
    public String toString() {
        return tableName();
    }
}
