package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

@Rule(code = "QS103", severity = Severity.ERROR, title = "DROP INDEX without CONCURRENTLY",
        explanation = "DROP INDEX takes an ACCESS EXCLUSIVE lock on the index's table: it waits for every running query "
                + "on the table, and every query that arrives meanwhile, reads included, waits behind it.",
        safeAlternative = "`OnlineDdl.dropIndex(...)` (DROP INDEX CONCURRENTLY IF EXISTS) in a version whose "
                + "`canExecuteInTransaction()` is false.")
final class Qs103DropIndexWithoutConcurrently implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        for (StatementAction a : context.actions(ActionKind.DROP_INDEX)) {
            if (a.action().blocksWrites() && !context.indexCreatedInReview(a.action().object(), a.statement())) {
                String table = context.tableOfIndex(a.action().object(), a.statement()).orElse("its table");
                findings.add(a.finding("index " + a.action().object() + " dropped without CONCURRENTLY: ACCESS EXCLUSIVE on " + table));
            }
        }
        return findings;
    }
}
