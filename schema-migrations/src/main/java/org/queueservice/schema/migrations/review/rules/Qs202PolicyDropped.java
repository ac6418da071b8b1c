package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS202", severity = Severity.ERROR, title = "Policy dropped",
        explanation = "A dropped tenant policy leaves the table with no permissive policy for the service role, which then "
                + "reads nothing; a dropped maintenance policy stops the sweeps. Either way isolation or operations change "
                + "without a replacement in the same version.",
        safeAlternative = "Replace a policy by drop-and-create of the same name in the same step (reviewed under QS203), or "
                + "accept the drop with `@AcceptsHazard(code = \"QS202\", reason = \"...\")` when the table goes too.")
final class Qs202PolicyDropped implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.DROP_POLICY).stream()
                .filter(drop -> context.laterInVersion(drop).stream().noneMatch(later -> recreates(later, drop)))
                .map(drop -> drop.finding("policy " + drop.action().object() + " on " + drop.action().table()
                        + " dropped and not created again"))
                .toList();
    }

    static boolean recreates(StatementAction later, StatementAction drop) {
        return later.action().kind() == ActionKind.CREATE_POLICY && later.action().object().equals(drop.action().object())
                && later.action().table().equals(drop.action().table());
    }
}
