package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS204", severity = Severity.ERROR, title = "Policy whose USING and WITH CHECK differ",
        explanation = "USING decides which rows a role sees, WITH CHECK which rows it may write. When they differ, a tenant can "
                + "write rows it cannot read back (or into another tenant), or read rows it could never have written.",
        safeAlternative = "Give both the same condition, as `TenantIsolation.enable` does.")
final class Qs204UsingDiffersFromWithCheck implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.actions(ActionKind.CREATE_POLICY, ActionKind.ALTER_POLICY).stream()
                .filter(a -> {
                    PolicyClause policy = PolicyClause.of(a);
                    return policy.using().isPresent() && policy.withCheck().isPresent() && !policy.using().equals(policy.withCheck());
                })
                .map(a -> a.finding("policy " + a.action().object() + " on " + a.action().table() + ": USING ("
                        + PolicyClause.of(a).using().orElseThrow() + ") but WITH CHECK (" + PolicyClause.of(a).withCheck().orElseThrow() + ")"))
                .toList();
    }
}
