package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS111", severity = Severity.ERROR, title = "Table or column renamed",
        explanation = "The running queue service still uses the old name: from the moment the rename commits until every "
                + "instance runs the new release, its queries fail (SQLSTATE 42P01 or 42703).",
        safeAlternative = "Add the new column (or a view for a table), write both from the service for a release, move reads "
                + "over, then drop the old one.")
final class Qs111Rename implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.RENAME_TABLE, ActionKind.RENAME_COLUMN).stream()
                .map(a -> a.finding(a.action().kind() == ActionKind.RENAME_TABLE
                        ? "table " + a.action().table() + " renamed to " + a.action().object() + ": the running service still uses the old name"
                        : "column " + a.action().table() + "." + a.action().object() + " renamed: the running service still uses the old name"))
                .toList();
    }
}
