package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS112", severity = Severity.WARNING, title = "NOT NULL dropped",
        explanation = "The column may now hold NULL, which the queue service's code (and the generated classes it compiles "
                + "against) may not expect; a later SET NOT NULL needs a scan again.",
        safeAlternative = "Keep the constraint and give new rows a default, or make sure every reader of the column handles NULL "
                + "before this version is deployed.")
final class Qs112DropNotNull implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.DROP_NOT_NULL).stream()
                .map(a -> a.finding(a.action().table() + "." + a.action().object() + " may hold NULL from now on"))
                .toList();
    }
}
