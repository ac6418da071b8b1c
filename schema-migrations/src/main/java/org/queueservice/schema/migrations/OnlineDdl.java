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
import org.queueservice.schema.model.SqlRenderer;

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
    private static final org.jooq.Table<?> PG_POLICY = DSL.table(name("pg_catalog", "pg_policy"));
    static final int BACKFILL_PAGES = 1000;
    static final int BACKFILL_PASSES = 5;

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

    /**
     * Moves {@code table}'s primary key {@code constraint} to {@code columns} without blocking writes while
     * the index is built: an INVALID index an interrupted build left is dropped, the unique index is built
     * {@code CONCURRENTLY}, then one {@code ALTER TABLE} drops the old key and makes the index the key of
     * the same name (a brief ACCESS EXCLUSIVE lock, no scan: the columns are NOT NULL already). Each step
     * is skipped once the key is on {@code columns}, so a run stopped anywhere is finished by the next.
     */
    public static List<SchemaStep> movePrimaryKey(Name table, Name constraint, Name index, List<Name> columns) {
        Condition elsewhere = primaryKeyNotOn(table, constraint, columns);
        String key = columns.stream().map(Name::last).collect(java.util.stream.Collectors.joining(", "));
        return List.of(
                dropIfInvalid(index),
                SchemaStep.onlyIf(elsewhere, "create unique index " + index.last() + " concurrently, to become the key (" + key + ")",
                        query("create unique index concurrently if not exists {0} on {1} ({2})", index, table,
                                DSL.list(columns.stream().map(DSL::field).toList()))).inAutocommit(),
                SchemaStep.onlyIf(elsewhere.and(regclass(index).isNotNull()),
                        "primary key " + constraint.last() + " of " + table.last() + " on (" + key + ") using index " + index.last(),
                        query("alter table {0} drop constraint {1}, add constraint {1} primary key using index {2}",
                                table, constraint, index)));
    }

    /**
     * Sets the NULLs of {@code column} to {@code value} in batches of {@link #BACKFILL_PAGES} pages by
     * physical position, each batch committed on its own, so that no transaction holds many row locks or
     * any lock beyond ROW EXCLUSIVE. Under FORCE ROW LEVEL SECURITY the migrating login, owner or not, sees
     * no row without a tenant: a policy for that login alone admits it during the backfill (creating and
     * dropping it are brief locks) instead of lifting FORCE, which would hold ACCESS EXCLUSIVE per batch.
     * The update runs the table's triggers, so {@code updated_at} of the rows it fills becomes the time of
     * the backfill. Rows an update moved behind a batch are caught by the next pass; NULLs that keep coming
     * after {@link #BACKFILL_PASSES} passes are someone writing them, and stop the version with that said.
     */
    public static List<SchemaStep> backfillNulls(Name table, Name column, Field<?> value) {
        Name policy = name(table.last() + "_" + column.last() + "_backfill");
        Field<Object> live = DSL.field(column);
        Condition anyNull = DSL.exists(DSL.selectOne().from(DSL.table(table)).where(live.isNull()));
        Field<Long> firstPage = DSL.field(name("first_page"), SQLDataType.BIGINT);
        Query batch = DSL.update(DSL.table(table)).set(live, value)
                .where(DSL.condition("ctid >= format('(%s,0)', {0})::tid and ctid < format('(%s,0)', {1})::tid",
                        firstPage, firstPage.plus(inline(BACKFILL_PAGES))))
                .and(live.isNull());
        String body = "declare first_page bigint; last_page bigint; pass integer := 0; begin "
                + "while " + SqlRenderer.render(anyNull) + " loop "
                + "pass := pass + 1; "
                + "if pass > " + BACKFILL_PASSES + " then raise exception " + SqlRenderer.render(inline(table.last() + "." + column.last()
                        + " still has NULLs after " + BACKFILL_PASSES + " passes: something keeps writing NULL into it")) + "; end if; "
                + "last_page := pg_relation_size(" + SqlRenderer.render(inline(table.last())) + "::regclass) / current_setting('block_size')::bigint; "
                + "first_page := 0; "
                + "while first_page <= last_page loop " + SqlRenderer.render(batch) + "; commit; first_page := first_page + "
                + BACKFILL_PAGES + "; end loop; "
                + "end loop; end";
        return List.of(
                // Not guarded by the NULLs: under FORCE the login sees none of them until the policy admits it.
                SchemaStep.onlyIf(DSL.notExists(DSL.selectOne().from(PG_POLICY)
                                .where(DSL.field(name("polrelid")).eq(regclass(table)))
                                .and(DSL.field(name("polname"), SQLDataType.VARCHAR).eq(inline(policy.last())))),
                        "admit the migrating login to every row of " + table.last() + " for the backfill",
                        query("create policy {0} on {1} as permissive for all to current_user using (true) with check (true)", policy, table)),
                SchemaStep.onlyIf(anyNull, "NULL " + table.last() + "." + column.last() + " filled in batches of " + BACKFILL_PAGES + " pages",
                        query("do {0}", inline(body))).inAutocommit(),
                SchemaStep.of("drop the backfill's policy on " + table.last(), query("drop policy if exists {0} on {1}", policy, table)));
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

    private static Condition primaryKeyNotOn(Name table, Name constraint, List<Name> columns) {
        String definition = "PRIMARY KEY (" + columns.stream().map(Name::last).collect(java.util.stream.Collectors.joining(", ")) + ")";
        return DSL.exists(DSL.selectOne().from(PG_CONSTRAINT)
                .where(DSL.field(name("conrelid")).eq(regclass(table)))
                .and(DSL.field(name("conname"), SQLDataType.VARCHAR).eq(inline(constraint.last())))
                .and(DSL.function("pg_get_constraintdef", SQLDataType.VARCHAR, DSL.field(name("oid"))).ne(inline(definition))));
    }

    private static Condition absent(Name table, Name constraint) {
        return DSL.notExists(DSL.selectOne().from(PG_CONSTRAINT)
                .where(DSL.field(name("conrelid")).eq(regclass(table)))
                .and(DSL.field(name("conname"), SQLDataType.VARCHAR).eq(inline(constraint.last()))));
    }

    private static Field<Object> regclass(Name relation) {
        return DSL.function("to_regclass", Object.class, inline(relation.last()));
    }
}
