package org.queueservice.schema.migrations.review.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.queueservice.schema.model.TenantIsolation;

@Rule(code = "QS207", severity = Severity.ERROR, title = "Policy reads a setting other than app.current_tenant",
        explanation = "Any session can set any `app.*` setting: a policy that reads one (`app.is_system_user`, "
                + "`app.bypass_rls`) lets whoever sets it widen what they see. The tenant is the only setting a policy may read.",
        safeAlternative = "Read only `current_setting('app.current_tenant', true)`; system-wide work runs as the maintenance role.")
final class Qs207PolicyReadsOtherSetting implements HazardRule {

    private static final Pattern SETTING = Pattern.compile("current_setting\\('([^']*)'");

    @Override
    public List<Finding> find(ReviewContext context) {
        List<Finding> findings = new ArrayList<>();
        for (StatementAction a : context.actions(ActionKind.CREATE_POLICY, ActionKind.ALTER_POLICY)) {
            for (String condition : PolicyClause.of(a).conditions()) {
                Matcher setting = SETTING.matcher(condition);
                while (setting.find()) {
                    if (!setting.group(1).equals(TenantIsolation.SETTING)) {
                        findings.add(a.finding("policy " + a.action().object() + " on " + a.action().table() + " reads the setting "
                                + setting.group(1)));
                    }
                }
            }
        }
        return findings.stream().distinct().toList();
    }
}
