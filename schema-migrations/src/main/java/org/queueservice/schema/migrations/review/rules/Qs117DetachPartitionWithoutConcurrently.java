package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS117", severity = Severity.ERROR, title = "DETACH PARTITION without CONCURRENTLY",
        explanation = "ALTER TABLE ... DETACH PARTITION takes ACCESS EXCLUSIVE on the partitioned table: every query on any "
                + "partition waits for it, and it waits for every running one.",
        safeAlternative = "`DETACH PARTITION ... CONCURRENTLY` (PostgreSQL 14+, SHARE UPDATE EXCLUSIVE) in an autocommit step of a "
                + "version whose `canExecuteInTransaction()` is false; `DETACH PARTITION ... FINALIZE` completes one that was interrupted.")
final class Qs117DetachPartitionWithoutConcurrently implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.DETACH_PARTITION).stream()
                .filter(a -> a.action().lock().blocksWrites())
                .map(a -> a.finding("partition " + a.action().object() + " detached from " + a.action().table()
                        + " without CONCURRENTLY: ACCESS EXCLUSIVE on " + a.action().table()))
                .toList();
    }
}
