package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

@Rule(code = "QS105", severity = Severity.ERROR, title = "SET NOT NULL without a validated CHECK",
        explanation = "ALTER COLUMN ... SET NOT NULL reads every row under ACCESS EXCLUSIVE to prove there is no NULL: "
                + "reads and writes of the table wait for the scan. PostgreSQL skips that scan only when a validated "
                + "CHECK (column IS NOT NULL) already proves it.",
        safeAlternative = "`OnlineDdl.addCheckNotValid(table, OnlineDdl.notNullCheck(...), OnlineDdl.isNotNull(column))`, "
                + "`OnlineDdl.validate(...)`, then SET NOT NULL, then drop the helper CHECK: what the generator writes.")
final class Qs105SetNotNullWithoutCheck implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        for (StatementAction a : context.onExistingTables(ActionKind.SET_NOT_NULL)) {
            if (!provenByValidatedCheck(context, a)) {
                findings.add(a.finding(a.action().table() + "." + a.action().object()
                        + " SET NOT NULL without a validated CHECK: scans every row under ACCESS EXCLUSIVE"));
            }
        }
        return findings;
    }

    /**
     * Whether a CHECK (column IS NOT NULL) is validated on the table when SET NOT NULL runs: added without NOT VALID, or
     * validated since, by any version before it (released ones included: the two-release pattern) and not dropped
     * since; or, with --url, validated in the live database.
     */
    private static boolean provenByValidatedCheck(ReviewContext context, StatementAction setNotNull) throws SQLException {
        String table = setNotNull.action().table();
        String expected = setNotNull.action().object() + " is not null";
        Map<String, Boolean> validated = new HashMap<>(); // the proving CHECKs by name
        for (StatementAction a : context.before(setNotNull.statement())) {
            if (!table.equals(a.action().table()) || a.action().object() == null) {
                continue;
            }
            String constraint = a.action().object();
            if (a.action().kind() == ActionKind.ADD_CHECK) {
                Optional<String> condition = SqlText.parenthesizedAfter(a.action().clause(), "check");
                if (condition.isPresent() && condition.get().replaceAll("[()]", "").equals(expected)) {
                    validated.put(constraint, a.action().cost() == Cost.SCAN);
                }
            } else if (a.action().kind() == ActionKind.VALIDATE_CONSTRAINT && validated.containsKey(constraint)) {
                validated.put(constraint, true);
            } else if (a.action().kind() == ActionKind.DROP_CONSTRAINT) {
                validated.remove(constraint);
            }
        }
        return validated.containsValue(true)
                || context.live().isPresent() && context.live().get().validatedNotNullCheck(table, setNotNull.action().object());
    }
}
