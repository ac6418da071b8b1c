package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS101", severity = Severity.ERROR, title = "Index built without CONCURRENTLY on an existing table",
        explanation = "CREATE INDEX takes a SHARE lock on the table for the whole build: every INSERT, UPDATE and DELETE "
                + "of the queue waits while it reads every row and sorts them, minutes on a large jobs table.",
        safeAlternative = "`OnlineDdl.createIndex(...)` (CREATE INDEX CONCURRENTLY IF NOT EXISTS, after `OnlineDdl.dropIfInvalid`) "
                + "in a version whose `canExecuteInTransaction()` is false.")
final class Qs101IndexWithoutConcurrently implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.CREATE_INDEX).stream()
                .filter(a -> a.action().blocksWrites())
                .map(a -> a.finding("index " + a.action().object() + " on " + a.action().table()
                        + " built without CONCURRENTLY: SHARE lock, writes wait for the whole build"))
                .toList();
    }
}
