package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS205", severity = Severity.ERROR, title = "Policy admits a role other than the maintenance role to every row",
        explanation = "Permissive policies are OR-ed: one whose condition does not compare tenant_id with the current tenant, granted to the service "
                + "role or to PUBLIC, opens every tenant's rows to the queue service whatever its tenant setting. Only the "
                + "maintenance role, which the service cannot become, may see every row.",
        safeAlternative = "Compare tenant_id with the current tenant, or grant the policy `TO` the maintenance role only.")
final class Qs205PolicyAdmitsEveryRow implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        String maintenance = context.roles().maintenance();
        return context.actions(ActionKind.CREATE_POLICY, ActionKind.ALTER_POLICY).stream()
                .filter(a -> {
                    PolicyClause policy = PolicyClause.of(a);
                    // TO current_user admits only the migrating login, the owner, which could lift FORCE anyway
                    // (V4's backfill does this rather than lift FORCE); the service, not owner, cannot create one.
                    return !policy.restrictive() && policy.roles().stream()
                            .anyMatch(role -> !role.equals(maintenance) && !role.equals("current_user"))
                            && policy.conditions().stream().anyMatch(condition -> !comparesWithCurrentTenant(condition));
                })
                .map(a -> a.finding("policy " + a.action().object() + " on " + a.action().table() + " admits "
                        + String.join(", ", PolicyClause.of(a).roles()) + " to every row"))
                .toList();
    }

    /**
     * Naming tenant_id is not enough: {@code tenant_id is not null} names it and admits every row. The
     * condition must also read the current tenant, the one setting a policy may read (QS207).
     */
    private static boolean comparesWithCurrentTenant(String condition) {
        return condition.matches(".*\\btenant_id\\b.*") && condition.contains("current_setting('app.current_tenant'");
    }
}
