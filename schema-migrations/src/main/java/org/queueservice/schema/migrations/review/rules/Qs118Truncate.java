package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS118", severity = Severity.ERROR, title = "TRUNCATE",
        explanation = "TRUNCATE empties the table for every tenant at once, no policy asked, under ACCESS EXCLUSIVE; with CASCADE it "
                + "also empties every table whose foreign keys reference it, tables the statement does not name. Rollback cannot "
                + "bring the rows back.",
        safeAlternative = "Delete the rows a version means to remove with a `DELETE ... WHERE` in bounded batches, in steps of their "
                + "own; when a table really must be emptied, say why with `@AcceptsHazard(code = \"QS118\", reason = \"...\")`.")
final class Qs118Truncate implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.TRUNCATE).stream()
                .map(a -> a.finding("TRUNCATE empties " + a.action().table() + " for every tenant"
                        + (SqlText.topLevelWords(a.action().clause()).contains("cascade") ? ", and with CASCADE every table that references it" : "")))
                .toList();
    }
}
