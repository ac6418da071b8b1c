package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS107", severity = Severity.ERROR, title = "Volatile default or stored generated column on an existing table",
        explanation = "A column added with a volatile default (gen_random_uuid(), random(), clock_timestamp(), nextval()) must "
                + "compute a value per row: PostgreSQL rewrites the whole table and its indexes under ACCESS EXCLUSIVE, and "
                + "the queue stops reading and writing it until the rewrite ends. A stored generated column is computed per row "
                + "the same way, whatever its expression.",
        safeAlternative = "Add the column without a default (or with a constant one), backfill it in batches in steps of their "
                + "own, then SET DEFAULT for new rows; instead of a stored generated column, a plain column backfilled the same "
                + "way and kept current by the service or a trigger.")
final class Qs107VolatileDefault implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.ADD_COLUMN).stream()
                .filter(a -> a.action().cost() == Cost.REWRITE)
                .map(a -> a.finding(a.action().table() + "." + a.action().object() + " added "
                        + (ColumnDefinition.generatedStored(a.action().clause()) ? "as a stored generated column"
                                : "with the volatile default " + ColumnDefinition.defaultOf(a.action().clause()).orElseThrow())
                        + ": REWRITES " + a.action().table() + " under ACCESS EXCLUSIVE"))
                .toList();
    }
}
