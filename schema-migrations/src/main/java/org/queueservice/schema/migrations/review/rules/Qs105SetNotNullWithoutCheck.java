package org.queueservice.schema.migrations.review.rules;

import java.util.List;
import java.util.Optional;

@Rule(code = "QS105", severity = Severity.ERROR, title = "SET NOT NULL without a validated CHECK",
        explanation = "ALTER COLUMN ... SET NOT NULL reads every row under ACCESS EXCLUSIVE to prove there is no NULL: "
                + "reads and writes of the table wait for the scan. PostgreSQL skips that scan only when a validated "
                + "CHECK (column IS NOT NULL) already proves it.",
        safeAlternative = "`OnlineDdl.addCheckNotValid(table, OnlineDdl.notNullCheck(...), OnlineDdl.isNotNull(column))`, "
                + "`OnlineDdl.validate(...)`, then SET NOT NULL, then drop the helper CHECK: what the generator writes.")
final class Qs105SetNotNullWithoutCheck implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.SET_NOT_NULL).stream()
                .filter(a -> !provenByValidatedCheck(context, a))
                .map(a -> a.finding(a.action().table() + "." + a.action().object()
                        + " SET NOT NULL without a validated CHECK: scans every row under ACCESS EXCLUSIVE"))
                .toList();
    }

    private static boolean provenByValidatedCheck(ReviewContext context, StatementAction setNotNull) {
        String expected = setNotNull.action().object() + " is not null";
        for (StatementAction check : context.actions(ActionKind.ADD_CHECK)) {
            if (!context.runsBefore(check.statement(), setNotNull.statement()) || !setNotNull.action().table().equals(check.action().table())) {
                continue;
            }
            Optional<String> condition = SqlText.parenthesizedAfter(check.action().clause(), "check");
            if (condition.isEmpty() || !condition.get().replaceAll("[()]", "").equals(expected)) {
                continue;
            }
            if (check.action().cost() == Cost.SCAN || validatedBefore(context, check, setNotNull)) {
                return true;
            }
        }
        return false;
    }

    private static boolean validatedBefore(ReviewContext context, StatementAction check, StatementAction setNotNull) {
        return context.laterInReview(check).stream()
                .takeWhile(a -> a.statement() != setNotNull.statement())
                .anyMatch(a -> a.action().kind() == ActionKind.VALIDATE_CONSTRAINT && a.action().object().equals(check.action().object()));
    }
}
