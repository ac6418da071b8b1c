package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.model.TableDefinition;

@Check(id = "MIG6", title = "Primary keys on all tables", section = Section.DESIGN, severity = Severity.HIGH,
        remediation = "Give every table `id uuid DEFAULT gen_random_uuid()` and the primary key `(tenant_id, id)`.")
/** Every tenant table's key is (tenant_id, id): the tenant leads, as Citus needs of every unique key (V4). */
final class Mig6PrimaryKeys implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        AuditCatalog catalog = context.catalog();
        String expected = "PRIMARY KEY (" + TableDefinition.TENANT_ID.getName() + ", " + TableDefinition.ID.getName() + ")";
        List<String> problems = new ArrayList<>(catalog.missingTables());
        for (String table : catalog.presentTables()) {
            String pk = catalog.table(table).constraints().stream().filter(c -> c.type().equals("p"))
                    .map(c -> c.definition()).findFirst().orElse(null);
            if (!expected.equals(pk)) {
                problems.add(table + ": primary key is " + (pk == null ? "missing" : pk));
            }
        }
        return Outcome.of(problems, "`" + expected + "` (uuid, gen_random_uuid()) on " + catalog.presentTables().size() + " tables");
    }
}
