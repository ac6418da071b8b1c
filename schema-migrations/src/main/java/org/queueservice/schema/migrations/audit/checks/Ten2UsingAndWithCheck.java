package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;

@Check(id = "TEN2", title = "USING and WITH CHECK on every tenant policy", section = Section.TENANCY,
        severity = Severity.CRITICAL, remediation = "Recreate the tenant policies (`queue-schema repair`).")
final class Ten2UsingAndWithCheck implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        AuditCatalog catalog = context.catalog();
        List<String> problems = new ArrayList<>(catalog.missingTables());
        for (String table : catalog.presentTables()) {
            Optional<AuditCatalog.Policy> policy = catalog.tenantPolicy(table);
            if (policy.isEmpty()) {
                problems.add(table + ": no tenant policy");
            } else if (policy.get().using().isEmpty() || policy.get().withCheck().isEmpty()) {
                problems.add(table + ": tenant policy lacks " + (policy.get().using().isEmpty() ? "USING" : "WITH CHECK"));
            }
        }
        return Outcome.of(problems, "both clauses present on " + catalog.presentTables().size() + " tenant policies");
    }
}
