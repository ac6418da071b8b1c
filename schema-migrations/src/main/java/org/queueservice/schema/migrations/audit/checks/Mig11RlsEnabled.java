package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;

@Check(id = "MIG11", title = "RLS enabled", section = Section.SECURITY, severity = Severity.CRITICAL,
        remediation = "`queue-schema repair`, or `ALTER TABLE ... ENABLE ROW LEVEL SECURITY` on the listed tables.")
final class Mig11RlsEnabled implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        AuditCatalog catalog = context.catalog();
        List<String> problems = new ArrayList<>(catalog.missingTables());
        for (String table : catalog.presentTables()) {
            if (!catalog.table(table).rowSecurity()) {
                problems.add(table + ": row-level security is disabled, every tenant's rows are visible");
            }
        }
        return Outcome.of(problems, "`ENABLE ROW LEVEL SECURITY` on " + catalog.presentTables().size() + " tables");
    }
}
