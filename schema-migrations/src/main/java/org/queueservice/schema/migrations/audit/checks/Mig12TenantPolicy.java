package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.model.TenantIsolation;

@Check(id = "MIG12", title = "Tenant isolation policy", section = Section.SECURITY, severity = Severity.CRITICAL,
        remediation = "Recreate the tenant policies (`queue-schema repair`).")
final class Mig12TenantPolicy implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        AuditCatalog catalog = context.catalog();
        List<String> problems = new ArrayList<>(catalog.missingTables());
        for (String table : catalog.presentTables()) {
            String name = TenantIsolation.tenantPolicy(DSL.name(table)).last();
            Optional<AuditCatalog.Policy> policy = catalog.tenantPolicy(table);
            if (policy.isEmpty()) {
                problems.add(table + ": policy " + name + " is missing");
            } else if (!policy.get().command().equals("*")
                    || !policy.get().using().contains("current_setting('" + TenantIsolation.SETTING + "'")) {
                problems.add(table + ": policy " + name + " does not apply to all commands by " + TenantIsolation.SETTING);
            }
        }
        return Outcome.of(problems, "`" + TenantIsolation.tenantPolicy(DSL.name("<table>")).last() + "` FOR ALL on "
                + TenantIsolation.SETTING + " on " + catalog.presentTables().size() + " tables");
    }
}
