package org.queueservice.schema.migrations.audit.checks;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.audit.RollbackRehearsal;

/** From the rehearsal: with a tenant's rows in place, each rollback step keeps them or refuses. */
@Check(id = "MIG20", title = "No data loss on rollback", section = Section.SAFETY, severity = Severity.HIGH,
        remediation = "Down steps must delete only seed rows; dropping tables with data must be refused unless forced.")
final class Mig20NoDataLoss implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        RollbackRehearsal.Outcome rehearsal = context.rehearsal();
        return Outcome.of(rehearsal.dataLossProblems(), rehearsal.dataLossEvidence());
    }
}
