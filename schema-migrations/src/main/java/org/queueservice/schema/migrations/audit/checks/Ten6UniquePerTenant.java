package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.model.TableDefinition;

/** Every unique index besides the primary keys leads with tenant_id. */
@Check(id = "TEN6", title = "Uniqueness is per tenant", section = Section.TENANCY, severity = Severity.HIGH,
        remediation = "Replace global unique constraints by UNIQUE (tenant_id, column).")
final class Ten6UniquePerTenant implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        AuditCatalog catalog = context.catalog();
        String tenantId = TableDefinition.TENANT_ID.getName();
        List<String> problems = new ArrayList<>();
        for (String table : catalog.presentTables()) {
            catalog.indexesOf(table).stream()
                    .filter(i -> i.unique() && !i.primary() && i.leadingColumn() != null && !i.leadingColumn().equals(tenantId))
                    .forEach(i -> problems.add(table + ": `" + i.definition() + "` is unique across tenants"));
        }
        return Outcome.of(problems, "every unique constraint besides the primary keys leads with tenant_id");
    }
}
