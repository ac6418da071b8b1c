package org.queueservice.schema.migrations.review.rules;

import java.util.List;

import org.queueservice.schema.migrations.internal.TableLock;

@Rule(code = "QS102", severity = Severity.ERROR, title = "CONCURRENTLY inside a transaction",
        explanation = "PostgreSQL refuses CREATE INDEX, DROP INDEX and REINDEX CONCURRENTLY, and DETACH PARTITION CONCURRENTLY, inside a "
                + "transaction block (SQLSTATE 25001), as in any statement but the first of a call that sends several: the version fails on every database when it is deployed.",
        safeAlternative = "Make the step run in autocommit (`OnlineDdl` steps are `inAutocommit()`) and return false from "
                + "`canExecuteInTransaction()` so that each step commits on its own.")
final class Qs102ConcurrentlyInTransaction implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        // each of these takes SHARE UPDATE EXCLUSIVE exactly when it is CONCURRENTLY (or FINALIZE, for a detach)
        return context.actions(ActionKind.CREATE_INDEX, ActionKind.DROP_INDEX, ActionKind.REINDEX, ActionKind.DETACH_PARTITION).stream()
                .filter(a -> a.statement().inTransaction() && a.action().lock() == TableLock.SHARE_UPDATE_EXCLUSIVE)
                .map(a -> a.finding((a.action().kind() == ActionKind.DETACH_PARTITION ? "partition " : "index ") + a.action().object()
                        + ": CONCURRENTLY in a step that runs inside a transaction"))
                .toList();
    }
}
