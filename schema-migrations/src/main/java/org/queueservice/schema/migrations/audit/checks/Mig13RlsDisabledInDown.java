package org.queueservice.schema.migrations.audit.checks;

import java.util.List;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.SqlRenderer;
import org.queueservice.schema.model.TenantTable;

/** From the migrations alone: some down step disables row-level security on every model table. */
@Check(id = "MIG13", title = "RLS disabled in down migration", section = Section.SECURITY, severity = Severity.HIGH,
        remediation = "Add `ALTER TABLE ... NO FORCE / DISABLE ROW LEVEL SECURITY` to the down steps.")
final class Mig13RlsDisabledInDown implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        String down = context.allSql(m -> m.down(context.settings()));
        List<String> problems = QueueSchema.TABLES.stream()
                .filter(t -> !down.contains(SqlRenderer.render(DSL.query("alter table {0} disable row level security", t.name()))))
                .map(TenantTable::tableName).map(t -> "no down step disables row-level security on " + t).toList();
        return Outcome.of(problems, "down steps disable (and un-force) row-level security on all " + QueueSchema.TABLES.size() + " tables");
    }
}
