package org.queueservice.schema.migrations.review.rules;

import java.util.ArrayList;
import java.util.List;

@Rule(code = "QS203", severity = Severity.WARNING, title = "Policy replaced or altered",
        explanation = "A policy of an existing table that is altered, or dropped and created again, changes which rows each "
                + "role sees and may write: the tenant contract of the whole table. It needs a reviewer who reads the new "
                + "condition against `tenant_id = NULLIF(current_setting('app.current_tenant', true), '')::uuid`.",
        safeAlternative = "Keep the policies `TenantIsolation.enable` writes; when one must change, say why with "
                + "`@AcceptsHazard(code = \"QS203\", reason = \"...\")`.")
final class Qs203PolicyReplaced implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        List<Finding> findings = new ArrayList<>();
        for (StatementAction a : context.onExistingTables(ActionKind.ALTER_POLICY, ActionKind.DROP_POLICY)) {
            if (a.action().kind() == ActionKind.ALTER_POLICY) {
                findings.add(a.finding("policy " + a.action().object() + " on " + a.action().table() + " altered"));
            } else {
                context.laterInVersion(a).stream().filter(later -> Qs202PolicyDropped.recreates(later, a)).findFirst()
                        .ifPresent(create -> findings.add(create.finding("policy " + a.action().object() + " on "
                                + a.action().table() + " replaced")));
            }
        }
        return findings;
    }
}
