package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS106", severity = Severity.ERROR, title = "NOT NULL column added without a default",
        explanation = "Every existing row would hold NULL in the new column, so PostgreSQL refuses the statement "
                + "(SQLSTATE 23502) on any table with rows: the deploy fails, and code written for the column never runs.",
        safeAlternative = "Add the column with a constant default (`INTEGER.notNull().defaultValue(inline(0))`, no rewrite since "
                + "PostgreSQL 11), or nullable, backfill it, then make it NOT NULL through a validated CHECK.")
final class Qs106NotNullColumnWithoutDefault implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.ADD_COLUMN).stream()
                .filter(a -> ColumnDefinition.notNullWithoutValue(a.action().clause()))
                .map(a -> a.finding(a.action().table() + "." + a.action().object()
                        + " added NOT NULL without a default: fails on every existing row"))
                .toList();
    }
}
