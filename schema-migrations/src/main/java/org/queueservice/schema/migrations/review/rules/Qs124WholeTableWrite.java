package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS124", severity = Severity.ERROR, title = "DELETE or UPDATE of a whole table",
        explanation = "A DELETE or UPDATE without WHERE touches every row of every tenant in one transaction: it holds row locks on "
                + "all of them (the queue's claims and updates wait), writes a new version of each row, and holds back vacuum "
                + "until it commits. A DELETE of every row is rarely what a schema change means.",
        safeAlternative = "Name the rows with WHERE and work in bounded batches (`... WHERE id IN (SELECT id ... LIMIT 1000)`), each in "
                + "a step of its own in a version whose `canExecuteInTransaction()` is false.")
final class Qs124WholeTableWrite implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.UPDATE, ActionKind.DELETE).stream()
                .filter(a -> a.action().clause().matches("^(update|delete)\\b.*") && !SqlText.topLevelWords(a.action().clause()).contains("where"))
                .map(a -> a.finding((a.action().kind() == ActionKind.DELETE ? "DELETE" : "UPDATE") + " of every row of "
                        + a.action().table() + ", every tenant's, in one transaction"))
                .toList();
    }
}
