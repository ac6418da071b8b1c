package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS102", severity = Severity.ERROR, title = "CONCURRENTLY inside a transaction",
        explanation = "PostgreSQL refuses CREATE INDEX CONCURRENTLY and DROP INDEX CONCURRENTLY inside a transaction block "
                + "(SQLSTATE 25001): the version fails on every database when it is deployed.",
        safeAlternative = "Make the step run in autocommit (`OnlineDdl` steps are `inAutocommit()`) and return false from "
                + "`canExecuteInTransaction()` so that each step commits on its own.")
final class Qs102ConcurrentlyInTransaction implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.actions(ActionKind.CREATE_INDEX, ActionKind.DROP_INDEX).stream()
                .filter(a -> a.statement().inTransaction() && a.action().clause().contains(" index concurrently "))
                .map(a -> a.finding("index " + a.action().object() + ": CONCURRENTLY in a step that runs inside a transaction"))
                .toList();
    }
}
