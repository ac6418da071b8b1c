package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.model.TenantIsolation;

/**
 * No policy reads a session setting other than the tenant's, and besides the tenant policies every
 * policy applies to the maintenance role only.
 */
@Check(id = "TEN4", title = "No setting-based bypass", section = Section.TENANCY, severity = Severity.CRITICAL,
        remediation = "Drop policies that widen visibility by a setting; use the maintenance role.")
final class Ten4NoSettingBypass implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        AuditCatalog catalog = context.catalog();
        Set<String> present = catalog.presentTables();
        String maintenance = context.settings().roles().maintenance();
        String tenantSetting = "current_setting('" + TenantIsolation.SETTING + "'";
        List<String> problems = new ArrayList<>();
        for (AuditCatalog.Policy policy : catalog.policies()) {
            if (!present.contains(policy.table())) {
                continue;
            }
            boolean tenantPolicy = policy.name().equals(TenantIsolation.tenantPolicy(DSL.name(policy.table())).last());
            String clauses = policy.using() + " " + policy.withCheck();
            if (clauses.replace(tenantSetting, "").contains("current_setting(")) {
                problems.add(policy.table() + ": policy " + policy.name() + " reads a session setting: `" + clauses.strip() + "`");
            } else if (!tenantPolicy && !policy.roles().equals(List.of(maintenance))) {
                problems.add(policy.table() + ": policy " + policy.name() + " applies to " + String.join(",", policy.roles())
                        + ", not only to " + maintenance);
            }
        }
        return Outcome.of(problems, "besides the tenant policies, only `" + TenantIsolation.maintenancePolicy(DSL.name("<table>")).last()
                + "` TO " + maintenance + "; no policy reads any other setting");
    }
}
