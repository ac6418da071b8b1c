package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS121", severity = Severity.ERROR, title = "SET LOGGED or SET UNLOGGED",
        explanation = "Either form rewrites the whole table and its indexes under ACCESS EXCLUSIVE. An UNLOGGED table is "
                + "also emptied after a crash and is not replicated to standbys: the queue's jobs would vanish on failover.",
        safeAlternative = "Keep the queue's tables logged. To change it for a new table, create it so from the start; for an existing "
                + "one, copy-and-swap in batches rather than a rewrite under ACCESS EXCLUSIVE.")
final class Qs121SetLoggedOrUnlogged implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.SET_LOGGED).stream()
                .map(a -> a.finding(a.action().table() + " SET " + a.action().object().toUpperCase(java.util.Locale.ROOT)
                        + ": REWRITES " + a.action().table() + " under ACCESS EXCLUSIVE"
                        + (a.action().object().equals("unlogged") ? "; its rows are lost on a crash and absent on standbys" : "")))
                .toList();
    }
}
