package org.queueservice.schema.migrations.review.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.queueservice.schema.migrations.review.rules.Finding;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;
import org.queueservice.schema.migrations.review.rules.Rule;
import org.queueservice.schema.migrations.review.rules.Severity;

@Rule(code = "QS134", severity = Severity.ERROR, title = "Rows of every tenant changed",
        explanation = "On the scratch database the statement changed rows of both tenants in a table that existed before the "
                + "version: an UPDATE across tenants. A backfill does that on purpose; an UPDATE whose condition was forgotten "
                + "overwrites every tenant's data, and on a large table holds its row locks until the version commits. The "
                + "generator never writes one.",
        safeAlternative = "Backfill in bounded batches in steps of their own (a version whose `canExecuteInTransaction()` is false), "
                + "with a condition that names the rows to change, and accepted with `@AcceptsHazard(code = \"QS134\", reason = \"...\")`.")
final class Qs134RowsOfEveryTenantChanged implements TracedRule {

    @Override
    public List<Finding> find(Trace trace, Set<ReviewedStatement> flagged) {
        List<Finding> findings = new ArrayList<>();
        for (ObservedStatement observed : trace.statements()) {
            for (Map.Entry<String, List<String>> table : observed.changed().entrySet()) {
                if (table.getValue().size() > 1) {
                    findings.add(new Finding(observed.statement(), table.getKey() + ": statement " + observed.statement().number()
                            + " changed rows of every tenant"));
                }
            }
        }
        return findings;
    }
}
