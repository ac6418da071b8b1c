package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.Tenants;

@Check(id = "MIG7", title = "Foreign keys defined", section = Section.DESIGN, severity = Severity.HIGH,
        remediation = "Restore the tenant foreign keys with ON DELETE RESTRICT.")
final class Mig7ForeignKeys implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        AuditCatalog catalog = context.catalog();
        String tenantId = TableDefinition.TENANT_ID.getName();
        String expected = "FOREIGN KEY (" + tenantId + ") REFERENCES " + Tenants.NAME.last() + "(" + Tenants.ID.getName()
                + ") ON DELETE RESTRICT";
        List<String> problems = new ArrayList<>(catalog.missingTables());
        for (String table : catalog.presentTables()) {
            List<String> keys = catalog.table(table).constraints().stream()
                    .filter(c -> c.type().equals("f") && c.columns().equals(List.of(tenantId))).map(c -> c.definition()).toList();
            String fk = keys.isEmpty() ? null : String.join("; ", keys);
            if (!expected.equals(fk)) {
                problems.add(table + ": tenant foreign key is " + (fk == null ? "missing" : fk));
            }
        }
        return Outcome.of(problems, "`" + expected + "` on " + catalog.presentTables().size() + " tables");
    }
}
