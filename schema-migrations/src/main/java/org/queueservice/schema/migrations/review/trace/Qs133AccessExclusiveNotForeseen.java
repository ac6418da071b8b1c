package org.queueservice.schema.migrations.review.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.queueservice.schema.migrations.internal.TableLock;
import org.queueservice.schema.migrations.review.rules.Finding;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;
import org.queueservice.schema.migrations.review.rules.Rule;
import org.queueservice.schema.migrations.review.rules.Severity;

@Rule(code = "QS133", severity = Severity.ERROR, title = "ACCESS EXCLUSIVE taken where the text reading foresaw none",
        explanation = "On the scratch database `pg_locks` showed the statement holding ACCESS EXCLUSIVE on an existing table whose "
                + "lock the reading of its text did not foresee (a function or DO block that runs DDL, LOCK TABLE, a trigger "
                + "dropped by a cascade). Every read and write of the table waits while it is held, and behind it every query "
                + "that arrives; how long depends on what the statement does, which the review could not read.",
        safeAlternative = "Write the DDL as plain statements the review reads, each in the lock-friendly form of its kind; when the "
                + "lock is meant, say why with `@AcceptsHazard(code = \"QS133\", reason = \"...\")`.")
final class Qs133AccessExclusiveNotForeseen implements TracedRule {

    @Override
    public List<Finding> find(Trace trace, Set<ReviewedStatement> flagged) {
        List<Finding> findings = new ArrayList<>();
        for (ObservedStatement observed : trace.unflagged(flagged)) {
            observed.locks().forEach((table, mode) -> {
                boolean foreseen = observed.statement().actions().stream()
                        .anyMatch(a -> table.equals(a.table()) && a.lock() == TableLock.ACCESS_EXCLUSIVE);
                if (mode == LockMode.ACCESS_EXCLUSIVE && trace.existingTables().contains(table) && !foreseen) {
                    findings.add(new Finding(observed.statement(), table + ": statement " + observed.statement().number()
                            + " took ACCESS EXCLUSIVE"));
                }
            });
        }
        return findings;
    }
}
