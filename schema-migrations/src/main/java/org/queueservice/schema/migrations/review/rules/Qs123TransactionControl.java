package org.queueservice.schema.migrations.review.rules;

import java.util.List;
import java.util.Locale;

@Rule(code = "QS123", severity = Severity.ERROR, title = "BEGIN, COMMIT, ROLLBACK or SAVEPOINT inside a version",
        explanation = "queue-schema runs each version in its transaction, or each online step in its own, and records the version "
                + "as applied when that commits. A COMMIT inside commits half a version (the lock timeout set for the transaction goes "
                + "with it), a ROLLBACK discards the work while the version is still recorded, and a BEGIN or SAVEPOINT changes what "
                + "the next failure undoes.",
        safeAlternative = "Leave transactions to queue-schema: split the work into steps and return false from "
                + "`canExecuteInTransaction()` when each step must commit on its own.")
final class Qs123TransactionControl implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.actions(ActionKind.TRANSACTION_CONTROL).stream()
                .map(a -> a.finding(a.action().object().toUpperCase(Locale.ROOT) + " sent by the version: queue-schema owns its transactions"))
                .toList();
    }
}
