package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;

@Check(id = "TEN1", title = "FORCE ROW LEVEL SECURITY on every tenant table", section = Section.TENANCY,
        severity = Severity.CRITICAL, remediation = "`queue-schema repair`, or `ALTER TABLE ... FORCE ROW LEVEL SECURITY`.")
final class Ten1ForceRls implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        AuditCatalog catalog = context.catalog();
        List<String> problems = new ArrayList<>(catalog.missingTables());
        for (String table : catalog.presentTables()) {
            if (!catalog.table(table).forceRowSecurity()) {
                problems.add(table + ": row-level security is not forced, the owner reads every tenant");
            }
        }
        return Outcome.of(problems, "FORCE on " + catalog.presentTables().size() + " tables");
    }
}
