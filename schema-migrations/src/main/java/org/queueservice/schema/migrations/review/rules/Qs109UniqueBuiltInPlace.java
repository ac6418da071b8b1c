package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS109", severity = Severity.ERROR, title = "Unique constraint built in place",
        explanation = "ADD CONSTRAINT ... UNIQUE (or PRIMARY KEY) builds its index while holding ACCESS EXCLUSIVE on the table: "
                + "reads and writes wait for the whole build, and a duplicate found at the end throws the work away.",
        safeAlternative = "`OnlineDdl.createUniqueIndex(...)` (CREATE UNIQUE INDEX CONCURRENTLY) then "
                + "`OnlineDdl.addUniqueUsingIndex(...)` (ADD CONSTRAINT ... UNIQUE USING INDEX, brief).")
final class Qs109UniqueBuiltInPlace implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.ADD_UNIQUE).stream()
                .map(a -> a.finding("constraint " + (a.action().object() == null ? "" : a.action().object() + " ") + "on "
                        + a.action().table() + " builds its index under ACCESS EXCLUSIVE: reads and writes wait"))
                .toList();
    }
}
