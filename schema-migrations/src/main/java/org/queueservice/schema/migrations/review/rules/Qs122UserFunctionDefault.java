package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Rule(code = "QS122", severity = Severity.ERROR, title = "User-defined function as the default of an added column",
        explanation = "A function is VOLATILE unless it is declared STABLE or IMMUTABLE, and a column added with a volatile "
                + "default makes PostgreSQL compute it per row: the whole table and its indexes are rewritten under ACCESS EXCLUSIVE. "
                + "The review reads the function's volatility from its CREATE FUNCTION in an earlier version, else from the "
                + "database given with --url, and treats a function it cannot find as volatile.",
        safeAlternative = "Add the column without a default (or with a constant), backfill it in batches, then SET DEFAULT; or declare "
                + "the function IMMUTABLE or STABLE when it truly is.")
final class Qs122UserFunctionDefault implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        for (StatementAction a : context.onExistingTables(ActionKind.ADD_COLUMN)) {
            Optional<String> value = ColumnDefinition.defaultOf(a.action().clause());
            if (value.isEmpty() || a.action().cost() == Cost.REWRITE) {
                continue; // no default, or a built-in volatile one: QS107
            }
            for (String function : SqlText.calledFunctions(value.get())) {
                Optional<String> volatility = context.userFunctionVolatility(function, a.statement());
                if (volatility.isPresent() && volatility.get().equals("volatile")) {
                    findings.add(a.finding(a.action().table() + "." + a.action().object() + " added with the default " + value.get()
                            + ": " + function + "() is volatile, so PostgreSQL REWRITES " + a.action().table() + " under ACCESS EXCLUSIVE"));
                    break;
                }
            }
        }
        return findings;
    }
}
