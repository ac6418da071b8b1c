package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS116", severity = Severity.ERROR, title = "REINDEX without CONCURRENTLY",
        explanation = "REINDEX holds SHARE on the table while it rebuilds, so every INSERT, UPDATE and DELETE of the queue waits, "
                + "and ACCESS EXCLUSIVE on each index it rebuilds, so queries planned to use the index wait too.",
        safeAlternative = "`REINDEX INDEX CONCURRENTLY` (PostgreSQL 12+) in an autocommit step of a version whose "
                + "`canExecuteInTransaction()` is false; or build a replacement with `OnlineDdl.createIndex(...)` and drop the old one "
                + "with `OnlineDdl.dropIndex(...)`.")
final class Qs116ReindexWithoutConcurrently implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.actions(ActionKind.REINDEX).stream()
                .filter(a -> a.action().blocksWrites())
                .map(a -> a.finding("REINDEX of " + a.action().target() + " without CONCURRENTLY: writes wait for the whole rebuild"))
                .toList();
    }
}
