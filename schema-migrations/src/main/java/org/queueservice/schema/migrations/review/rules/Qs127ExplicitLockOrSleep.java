package org.queueservice.schema.migrations.review.rules;

import java.util.ArrayList;
import java.util.List;

@Rule(code = "QS127", severity = Severity.ERROR, title = "LOCK TABLE or pg_sleep in a version",
        explanation = "A lock is held until its transaction ends: LOCK TABLE holds it through every statement after it, and a "
                + "pg_sleep() holds every lock taken so far for as long as it sleeps, while the queue's queries wait behind them.",
        safeAlternative = "Let each statement take the lock it needs, for as short a time as it needs it, under the lock timeout; "
                + "wait between batches outside the migration, not inside a transaction.")
final class Qs127ExplicitLockOrSleep implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        List<Finding> findings = new ArrayList<>(context.actions(ActionKind.LOCK_TABLE).stream()
                .map(a -> a.finding("LOCK TABLE " + a.action().table() + " in " + a.action().lock().label()
                        + " mode: held until the transaction ends"))
                .toList());
        context.statements().stream()
                .filter(s -> s.actions().stream().anyMatch(a -> SqlText.calledFunctions(a.clause()).stream().anyMatch(f -> f.startsWith("pg_sleep"))))
                .forEach(s -> findings.add(new Finding(s, "statement " + s.number() + " sleeps (pg_sleep) while its transaction holds its locks")));
        return findings;
    }
}
