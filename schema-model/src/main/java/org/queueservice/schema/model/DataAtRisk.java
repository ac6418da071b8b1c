package org.queueservice.schema.model;

import java.math.BigDecimal;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * What a destructive down step would lose: the rows of {@code table} matching {@code lostRows} (all rows
 * for a dropped table, rows whose value differs from the default for a dropped column, rows whose value a
 * narrowed type would change or refuse).
 *
 * @param column the column whose values are lost, for a step that loses values rather than rows: once an earlier
 *               run dropped it (an online rollback stopped part-way), nothing is left to lose and nothing to count
 * @param what how the loss is named in a refusal, e.g. {@code jobs.priority}
 */
public record DataAtRisk(Name table, Optional<Name> column, Condition lostRows, String what) {

    /** Every row of a table, except those matching {@code kept} (seed rows that the down step re-creates anyway). */
    public static DataAtRisk rowsOf(Name table, Condition kept) {
        return new DataAtRisk(table, Optional.empty(), DSL.not(kept), table.last());
    }

    public static DataAtRisk rowsOf(Name table) {
        return new DataAtRisk(table, Optional.empty(), DSL.trueCondition(), table.last());
    }

    /** The values of a column that dropping it loses: those that are not simply its default (or NULL). */
    @SuppressWarnings("unchecked") // a column's default has the column's type; jOOQ only sees Field<?>
    public static DataAtRisk valuesOf(Name table, Name column, org.jooq.Field<?> defaultValue) {
        org.jooq.Field<Object> field = DSL.field(column);
        Condition lost = defaultValue == null ? field.isNotNull() : field.isDistinctFrom((org.jooq.Field<Object>) defaultValue);
        return new DataAtRisk(table, Optional.of(column), lost, table.last() + "." + column.last());
    }

    /**
     * The values of a column that changing its type to {@code narrower} would change (a scale rounded away)
     * or refuse (too long, too large): guarded like a dropped column's. A length, a numeric precision and
     * scale, and the range of smallint and integer are checked; for any other type every value counts, as
     * whether it comes back unchanged cannot be told before the cast.
     */
    public static DataAtRisk valuesNotFitting(Name table, Name column, DataType<?> narrower) {
        Field<Object> value = DSL.field(column);
        String type = narrower.getSQLDataType() == null ? narrower.getTypeName() : narrower.getSQLDataType().getTypeName();
        Condition changes;
        if ((type.equals("varchar") || type.equals("char")) && narrower.lengthDefined()) {
            changes = DSL.charLength(value.cast(SQLDataType.CLOB)).gt(DSL.inline(narrower.length()));
        } else if ((type.equals("numeric") || type.equals("decimal")) && narrower.precisionDefined()) {
            Field<BigDecimal> number = value.cast(SQLDataType.NUMERIC);
            Field<BigDecimal> rounded = DSL.round(number, narrower.scale());
            changes = number.ne(rounded).or(DSL.abs(rounded).ge(DSL.inline(BigDecimal.TEN.pow(narrower.precision() - narrower.scale()))));
        } else if (type.equals("smallint") || type.equals("integer")) {
            long max = type.equals("smallint") ? Short.MAX_VALUE : Integer.MAX_VALUE;
            long min = type.equals("smallint") ? Short.MIN_VALUE : Integer.MIN_VALUE;
            changes = value.cast(SQLDataType.NUMERIC).notBetween(DSL.inline(BigDecimal.valueOf(min)), DSL.inline(BigDecimal.valueOf(max)));
        } else {
            changes = DSL.trueCondition();
        }
        return new DataAtRisk(table, Optional.of(column), value.isNotNull().and(changes),
                table.last() + "." + column.last() + " narrowed to " + narrower.getCastTypeName());
    }
}
