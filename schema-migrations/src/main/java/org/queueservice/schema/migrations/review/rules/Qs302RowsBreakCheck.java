package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Rule(code = "QS302", severity = Severity.ERROR, title = "Existing rows break a new CHECK",
        explanation = "Counted on the database given with --url by evaluating the CHECK's own condition over every row in a "
                + "read-only transaction: the rows for which it is false. Adding it (or validating it, when NOT VALID) fails there.",
        safeAlternative = "Fix the rows first, or add the CHECK NOT VALID so that it binds new rows, and validate it once the "
                + "old rows are fixed.")
final class Qs302RowsBreakCheck implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        if (context.live().isEmpty()) {
            return findings;
        }
        for (StatementAction a : context.onExistingTables(ActionKind.ADD_CHECK)) {
            if (!a.action().clause().matches("^add (constraint|check)\\b.*")) {
                continue; // a CHECK of a column being added reads a column the rows do not have yet
            }
            Optional<String> condition = SqlText.parenthesizedAfter(a.action().clause(), "check");
            if (condition.isEmpty()) {
                continue;
            }
            long rows = context.live().get().count("select count(*) from " + Identifiers.quote(a.action().table())
                    + " where not (" + condition.get() + ")");
            if (rows > 0) {
                findings.add(a.finding(a.action().table() + ": " + Identifiers.count(rows) + " rows break CHECK ("
                        + condition.get() + ")" + (a.action().object() == null ? "" : " of " + a.action().object())));
            }
        }
        return findings;
    }
}
