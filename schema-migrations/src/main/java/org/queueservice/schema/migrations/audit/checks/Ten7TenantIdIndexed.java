package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.model.TableDefinition;

@Check(id = "TEN7", title = "Every tenant_id indexed as a leading column", section = Section.TENANCY,
        severity = Severity.MEDIUM, remediation = "Restore the index leading with tenant_id (`queue-schema repair`).")
final class Ten7TenantIdIndexed implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        AuditCatalog catalog = context.catalog();
        String tenantId = TableDefinition.TENANT_ID.getName();
        List<String> problems = new ArrayList<>(catalog.missingTables());
        for (String table : catalog.presentTables()) {
            if (catalog.indexesOf(table).stream().noneMatch(i -> tenantId.equals(i.leadingColumn()))) {
                problems.add(table + ": no index leads with " + tenantId);
            }
        }
        return Outcome.of(problems, catalog.presentTables().size() + " tables have an index leading with " + tenantId);
    }
}
