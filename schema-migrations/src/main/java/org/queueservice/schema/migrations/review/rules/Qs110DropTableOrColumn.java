package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS110", severity = Severity.ERROR, title = "Table or column dropped",
        explanation = "The data is gone for good (rollback cannot bring it back), and the running queue service, compiled "
                + "against the generated classes that still name the table or column, fails on every query that uses it "
                + "until the new release is everywhere.",
        safeAlternative = "Stop using the table or column in a release first; drop it in a later version that says so with "
                + "`@AcceptsHazard(code = \"QS110\", reason = \"...\")`.")
final class Qs110DropTableOrColumn implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.DROP_TABLE, ActionKind.DROP_COLUMN).stream()
                .map(a -> a.finding(a.action().kind() == ActionKind.DROP_TABLE
                        ? "table " + a.action().table() + " dropped with its rows"
                        : "column " + a.action().table() + "." + a.action().object() + " dropped with its values"))
                .toList();
    }
}
