package org.queueservice.schema.model;

import org.jooq.Condition;
import org.jooq.Name;
import org.jooq.impl.DSL;

/**
 * What a destructive down step would lose: the rows of {@code table} matching {@code lostRows} (all rows
 * for a dropped table, rows whose value differs from the default for a dropped column).
 *
 * @param what how the loss is named in a refusal, e.g. {@code jobs.priority}
 */
public record DataAtRisk(Name table, Condition lostRows, String what) {

    /** Every row of a table, except those matching {@code kept} (seed rows that the down step re-creates anyway). */
    public static DataAtRisk rowsOf(Name table, Condition kept) {
        return new DataAtRisk(table, DSL.not(kept), table.last());
    }

    public static DataAtRisk rowsOf(Name table) {
        return new DataAtRisk(table, DSL.trueCondition(), table.last());
    }

    /** The values of a column that dropping it loses: those that are not simply its default (or NULL). */
    @SuppressWarnings("unchecked") // a column's default has the column's type; jOOQ only sees Field<?>
    public static DataAtRisk valuesOf(Name table, Name column, org.jooq.Field<?> defaultValue) {
        org.jooq.Field<Object> field = DSL.field(column);
        Condition lost = defaultValue == null ? field.isNotNull() : field.isDistinctFrom((org.jooq.Field<Object>) defaultValue);
        return new DataAtRisk(table, lost, table.last() + "." + column.last());
    }
}
