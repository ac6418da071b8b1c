package org.queueservice.schema.migrations.review.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

@Rule(code = "QS114", severity = Severity.WARNING, title = "Backfill in the same transaction as DDL",
        explanation = "An UPDATE or DELETE of an existing table in the same transaction as a schema change keeps the change's "
                + "lock (ACCESS EXCLUSIVE for most ALTER TABLE forms) until the backfill commits: the queue waits for every "
                + "row the backfill touches, and a long transaction holds back vacuum.",
        safeAlternative = "Put the backfill in steps of its own in a version whose `canExecuteInTransaction()` is false, each "
                + "updating a bounded batch, idempotent, and the DDL in other steps.")
final class Qs114BackfillWithDdl implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        List<StatementAction> ddl = context.onExistingTables(ActionKind.values()).stream()
                .filter(a -> a.action().kind().changesStructure() && a.action().blocksWrites()).toList();
        List<Finding> findings = new ArrayList<>();
        for (StatementAction backfill : context.onExistingTables(ActionKind.UPDATE, ActionKind.DELETE)) {
            ddl.stream().filter(d -> backfill.statement().inTransaction() && d.statement().transaction().equals(backfill.statement().transaction()))
                    .findFirst()
                    .ifPresent(d -> findings.add(backfill.finding(describe(backfill.action()) + " " + backfill.action().table()
                            + " in the transaction of " + describe(d.action()) + " on " + d.action().table()
                            + ": its " + d.action().lock().label() + " lock is held for the whole backfill")));
        }
        return findings;
    }

    private static String describe(Action action) {
        return action.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
