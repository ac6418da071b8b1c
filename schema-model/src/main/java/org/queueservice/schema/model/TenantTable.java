package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.OrderField;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * A table of the queue service owned by one tenant per row, declared as a class with one typed field per
 * column. Every such table has the same surrounding columns ({@code id}, {@code tenant_id},
 * {@code created_at}, {@code updated_at}), a foreign key to {@code tenants} that refuses to orphan rows,
 * and is isolated per tenant by {@link TenantIsolation}. Subclasses declare their own columns,
 * constraints and indexes; {@link #definition()} turns them into the value the rest of the project uses.
 */
public abstract class TenantTable {

    private final Name name;
    private final Table<Record> table;
    private final String comment;
    private final List<Field<?>> ownColumns = new ArrayList<>();
    private final Map<String, String> columnComments = new LinkedHashMap<>();

    public final Field<java.util.UUID> id = TableDefinition.ID;
    public final Field<java.util.UUID> tenantId = TableDefinition.TENANT_ID;
    public final Field<OffsetDateTime> createdAt = TableDefinition.CREATED_AT;
    public final Field<OffsetDateTime> updatedAt = TableDefinition.UPDATED_AT;

    protected TenantTable(String name, String comment) {
        this.name = DSL.name(name);
        this.table = DSL.table(this.name);
        this.comment = comment;
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
        return definition().columns();
    }

    /** The table as a value: what the model builds and the migration generator compares. */
    public final TableDefinition definition() {
        TableDefinition definition = TableDefinition.tenantTable(tableName(), comment);
        for (Field<?> column : ownColumns) {
            definition = definition.withColumn(column);
        }
        for (Map.Entry<String, String> columnComment : columnComments.entrySet()) {
            definition = definition.withColumnComment(columnComment.getKey(), columnComment.getValue());
        }
        for (TableConstraint constraint : ownConstraints()) {
            definition = definition.withConstraint(constraint);
        }
        for (TableIndex index : indexes()) {
            definition = definition.withIndex(index);
        }
        return definition;
    }

    /** The table's secondary indexes; unique constraints bring their own index and are not listed. */
    public abstract List<TableIndex> indexes();

    /** The table's unique and check constraints. */
    protected abstract List<TableConstraint> ownConstraints();

    protected final <T> Field<T> column(String column, DataType<T> type) {
        Field<T> field = DSL.field(DSL.name(column), type);
        ownColumns.add(field);
        return field;
    }

    protected final <T> Field<T> column(String column, DataType<T> type, String columnComment) {
        Field<T> field = column(column, type);
        columnComments.put(column, columnComment);
        return field;
    }

    /** Unique within a tenant: {@code <table>_tenant_id_<column>_key} on (tenant_id, column). */
    protected final TableConstraint uniquePerTenant(Field<?> column) {
        return new TableConstraint.Unique(constraintName("tenant_id_" + column.getName() + "_key"),
                List.of(tenantId.getUnqualifiedName(), column.getUnqualifiedName()));
    }

    /** {@code <table>_<suffix>_check}. */
    protected final TableConstraint check(String suffix, Condition condition) {
        return new TableConstraint.Check(constraintName(suffix + "_check"), condition);
    }

    /** One {@code <table>_<column>_check} per counter, so that the error names the counter. */
    protected final List<TableConstraint> nonNegative(List<Field<Integer>> counters) {
        return counters.stream().map(counter -> check(counter.getName(), counter.ge(inline(0)))).toList();
    }

    /** {@code <table>_<purpose>_idx}, optionally partial. */
    protected final TableIndex index(String purpose, String why, Optional<Condition> where, OrderField<?>... keys) {
        return new TableIndex(DSL.name(tableName() + "_" + purpose + "_idx"), Arrays.asList(keys), where, why);
    }

    private Name constraintName(String suffix) {
        return DSL.name(tableName() + "_" + suffix);
    }

    @Override
    public String toString() {
        return tableName();
    }
}
