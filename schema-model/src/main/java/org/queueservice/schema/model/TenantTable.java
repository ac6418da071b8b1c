package org.queueservice.schema.model;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE;
import static org.jooq.impl.SQLDataType.UUID;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.Constraint;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.OrderField;
import org.jooq.Query;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * A table of the queue service owned by one tenant per row. Every such table has the same
 * surrounding columns ({@code id}, {@code tenant_id}, {@code created_at}, {@code updated_at}), a
 * foreign key to {@code tenants} that refuses to orphan rows, and is isolated per tenant by
 * {@link TenantIsolation}. Subclasses declare their own columns, constraints and indexes.
 */
public abstract class TenantTable {

    private final Name name;
    private final Table<Record> table;
    private final String comment;
    private final List<Field<?>> ownColumns = new ArrayList<>();
    private final Map<Name, String> columnComments = new LinkedHashMap<>();

    public final Field<java.util.UUID> id;
    public final Field<java.util.UUID> tenantId;
    public final Field<OffsetDateTime> createdAt;
    public final Field<OffsetDateTime> updatedAt;

    protected TenantTable(String name, String comment) {
        this.name = DSL.name(name);
        this.table = DSL.table(this.name);
        this.comment = comment;
        this.id = DSL.field(DSL.name("id"), UUID.notNull().defaultValue(DSL.uuid()));
        this.tenantId = DSL.field(DSL.name("tenant_id"), UUID.notNull());
        this.createdAt = DSL.field(DSL.name("created_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()));
        this.updatedAt = DSL.field(DSL.name("updated_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()));
        columnComments.put(tenantId.getUnqualifiedName(), "Owning tenant; rows are visible only to that tenant (row-level security).");
        columnComments.put(updatedAt.getUnqualifiedName(), "Maintained by the set_updated_at trigger on every UPDATE.");
    }

    public final Name name() {
        return name;
    }

    public final String tableName() {
        return name.last();
    }

    public final Table<Record> table() {
        return table;
    }

    public final String comment() {
        return comment;
    }

    /** All columns in table order: id, tenant_id, the table's own columns, then the timestamps. */
    public final List<Field<?>> columns() {
        List<Field<?>> all = new ArrayList<>(List.of(id, tenantId));
        all.addAll(ownColumns);
        all.addAll(List.of(createdAt, updatedAt));
        return List.copyOf(all);
    }

    public final Map<Name, String> columnComments() {
        return Map.copyOf(columnComments);
    }

    /** Every constraint: primary key, tenant foreign key, then the table's own (unique, check). */
    public final List<Constraint> constraints() {
        List<Constraint> all = new ArrayList<>();
        all.add(constraint(constraintName("pkey")).primaryKey(id));
        all.add(constraint(constraintName("tenant_id_fkey"))
                .foreignKey(tenantId).references(Tenants.TABLE, Tenants.ID).onDeleteRestrict());
        all.addAll(ownConstraints());
        return List.copyOf(all);
    }

    /** The table's secondary indexes; unique constraints bring their own index and are not listed. */
    public abstract List<TableIndex> indexes();

    /** The table's unique and check constraints. */
    protected abstract List<Constraint> ownConstraints();

    protected final <T> Field<T> column(String column, DataType<T> type) {
        Field<T> field = DSL.field(DSL.name(column), type);
        ownColumns.add(field);
        return field;
    }

    protected final <T> Field<T> column(String column, DataType<T> type, String columnComment) {
        Field<T> field = column(column, type);
        columnComments.put(field.getUnqualifiedName(), columnComment);
        return field;
    }

    /** Unique within a tenant: {@code <table>_tenant_id_<column>_key} on (tenant_id, column). */
    protected final Constraint uniquePerTenant(Field<?> column) {
        return constraint(constraintName("tenant_id_" + column.getName() + "_key")).unique(tenantId, column);
    }

    /** {@code <table>_<suffix>_check}. */
    protected final Constraint check(String suffix, Condition condition) {
        return constraint(constraintName(suffix + "_check")).check(condition);
    }

    /** One {@code <table>_<column>_check} per counter, so that the error names the counter. */
    protected final List<Constraint> nonNegative(List<Field<Integer>> counters) {
        return counters.stream().map(counter -> check(counter.getName(), counter.ge(inline(0)))).toList();
    }

    /** {@code <table>_<purpose>_idx}, optionally partial. */
    protected final TableIndex index(String purpose, String why, Optional<Condition> where, OrderField<?>... keys) {
        return new TableIndex(DSL.name(tableName() + "_" + purpose + "_idx"), Arrays.asList(keys), where, why);
    }

    private Name constraintName(String suffix) {
        return DSL.name(tableName() + "_" + suffix);
    }

    /** CREATE TABLE IF NOT EXISTS with every column, default and constraint. */
    public final Query createTable() {
        return DSL.createTableIfNotExists(table).columns(columns()).constraints(constraints());
    }

    public final Query createIndex(TableIndex index) {
        var create = DSL.createIndexIfNotExists(index.name()).on(table, index.columns());
        return index.where().<Query>map(create::where).orElse(create);
    }

    public final List<Query> comments() {
        List<Query> comments = new ArrayList<>();
        comments.add(DSL.commentOnTable(table).is(comment));
        columnComments.forEach((column, text) ->
                comments.add(DSL.commentOnColumn(DSL.name(tableName(), column.last())).is(text)));
        return comments;
    }

    @Override
    public String toString() {
        return tableName();
    }
}
