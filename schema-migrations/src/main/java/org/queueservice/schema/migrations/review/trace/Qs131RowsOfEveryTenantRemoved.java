package org.queueservice.schema.migrations.review.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.queueservice.schema.migrations.review.rules.Finding;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;
import org.queueservice.schema.migrations.review.rules.Rule;
import org.queueservice.schema.migrations.review.rules.Severity;

@Rule(code = "QS131", severity = Severity.ERROR, title = "Rows of every tenant removed",
        explanation = "On the scratch database the statement removed rows of both tenants from a table that existed before the "
                + "version (a DELETE without a tenant condition, a TRUNCATE, a cascade): on a deployment it removes every "
                + "tenant's data, which no rollback brings back.",
        safeAlternative = "Remove rows in the service, per tenant, or in a maintenance job; a version that must delete says which "
                + "rows in its condition and accepts it with `@AcceptsHazard(code = \"QS131\", reason = \"...\")`.")
final class Qs131RowsOfEveryTenantRemoved implements TracedRule {

    @Override
    public List<Finding> find(Trace trace, Set<ReviewedStatement> flagged) {
        List<Finding> findings = new ArrayList<>();
        for (ObservedStatement observed : trace.statements()) {
            for (Map.Entry<String, Map<String, Long>> table : observed.removed().entrySet()) {
                if (table.getValue().size() > 1) {
                    findings.add(new Finding(observed.statement(), table.getKey() + ": statement " + observed.statement().number()
                            + " removed rows of every tenant (" + String.join(", ", table.getValue().entrySet().stream()
                            .map(e -> e.getValue() + " of " + e.getKey() + "'s").toList()) + ")"));
                }
            }
        }
        return findings;
    }
}
