package org.queueservice.schema.migrations;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.query;

import java.util.List;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.OrderField;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.queueservice.schema.model.SchemaStep;

/**
 * The forms of DDL that keep a live table usable while they run, for which jOOQ has no DSL: indexes built
 * and dropped {@code CONCURRENTLY}, constraints added {@code NOT VALID} and validated apart. Each method
 * returns one idempotent step (guarded where PostgreSQL has no {@code IF [NOT] EXISTS}), so that a version
 * made of them can be run again after an interruption. Generated migrations call these; their rendering
 * is part of every released version that does, and is pinned by the checksums in {@link Migrations}.
 */
public final class OnlineDdl {

    private static final org.jooq.Table<?> PG_INDEX = DSL.table(name("pg_catalog", "pg_index"));
    private static final org.jooq.Table<?> PG_CONSTRAINT = DSL.table(name("pg_catalog", "pg_constraint"));

    private OnlineDdl() {
    }

    /**
     * Drops {@code index} if an interrupted {@code CREATE INDEX CONCURRENTLY} left it INVALID: such an index
     * is maintained on every write but never used, and {@code IF NOT EXISTS} would keep it.
     */
    public static SchemaStep dropIfInvalid(Name index) {
        Condition invalid = DSL.exists(DSL.selectOne().from(PG_INDEX)
                .where(DSL.field(name("indexrelid")).eq(regclass(index)))
                .and(DSL.not(DSL.condition(DSL.field(name("indisvalid"), SQLDataType.BOOLEAN)))));
        return SchemaStep.onlyIf(invalid, "drop index " + index.last() + " if an interrupted run left it invalid",
                query("drop index concurrently if exists {0}", index)).inAutocommit();
    }

    /** Builds an index without blocking writes: SHARE UPDATE EXCLUSIVE, two scans of the table. */
    public static SchemaStep createIndex(Name index, Name table, List<? extends OrderField<?>> keys, Condition where) {
        Query create = where == null
                ? query("create index concurrently if not exists {0} on {1} ({2})", index, table, DSL.list(keys))
                : query("create index concurrently if not exists {0} on {1} ({2}) where {3}", index, table, DSL.list(keys), where);
        return SchemaStep.of("create index " + index.last() + " concurrently", create).inAutocommit();
    }

    /** A unique index built without blocking writes, to become a unique constraint with {@link #addUniqueUsingIndex}. */
    public static SchemaStep createUniqueIndex(Name index, Name table, List<Name> columns) {
        return SchemaStep.of("create unique index " + index.last() + " concurrently",
                query("create unique index concurrently if not exists {0} on {1} ({2})", index, table, DSL.list(columns.stream()
                        .map(DSL::field).toList()))).inAutocommit();
    }

    /** Turns a unique index into the constraint of the same name: a brief ACCESS EXCLUSIVE lock, no scan. */
    public static SchemaStep addUniqueUsingIndex(Name table, Name constraint) {
        return SchemaStep.onlyIf(absent(table, constraint), "add constraint " + constraint.last() + " using its index",
                query("alter table {0} add constraint {1} unique using index {1}", table, constraint));
    }

    public static SchemaStep dropIndex(Name index) {
        return SchemaStep.of("drop index " + index.last() + " concurrently",
                query("drop index concurrently if exists {0}", index)).inAutocommit();
    }

    /** Adds a CHECK that binds new rows at once and existing rows only once validated: no scan under the lock. */
    public static SchemaStep addCheckNotValid(Name table, Name constraint, Condition check) {
        return SchemaStep.onlyIf(absent(table, constraint), "add constraint " + constraint.last() + " not valid",
                query("alter table {0} add constraint {1} check ({2}) not valid", table, constraint, check));
    }

    /** Scans the table under SHARE UPDATE EXCLUSIVE, which lets reads and writes go on. */
    public static SchemaStep validate(Name table, Name constraint) {
        return SchemaStep.of("validate constraint " + constraint.last(),
                query("alter table {0} validate constraint {1}", table, constraint));
    }

    /** The CHECK that lets SET NOT NULL skip its full scan under ACCESS EXCLUSIVE (PostgreSQL 12 and later). */
    public static Name notNullCheck(Name table, Name column) {
        return name(table.last() + "_" + column.last() + "_not_null");
    }

    public static Condition isNotNull(Name column) {
        Field<Object> field = DSL.field(column);
        return field.isNotNull();
    }

    /** The guard of a step that adds {@code constraint} to {@code table}: no constraint of that name there yet. */
    public static Condition absent(Name table, Name constraint) {
        return DSL.notExists(DSL.selectOne().from(PG_CONSTRAINT)
                .where(DSL.field(name("conrelid")).eq(regclass(table)))
                .and(DSL.field(name("conname"), SQLDataType.VARCHAR).eq(inline(constraint.last()))));
    }

    private static Field<Object> regclass(Name relation) {
        return DSL.function("to_regclass", Object.class, inline(relation.last()));
    }
}
