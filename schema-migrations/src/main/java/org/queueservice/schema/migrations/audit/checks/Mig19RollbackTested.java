package org.queueservice.schema.migrations.audit.checks;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.audit.RollbackRehearsal;

/** From the rehearsal: up, down to 0 and up again gives the catalog of the first up. */
@Check(id = "MIG19", title = "Rollback tested", section = Section.SAFETY, severity = Severity.HIGH,
        remediation = "Make down steps restore exactly the state before the up steps.")
final class Mig19RollbackTested implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        RollbackRehearsal.Outcome rehearsal = context.rehearsal();
        return Outcome.of(rehearsal.upDownUpProblems(), "rehearsal on `" + rehearsal.database() + "`: up, down to 0, up again "
                + "gave the same catalog (columns, defaults, constraints, indexes, triggers, RLS flags, policies, grants, "
                + "comments, seed rows)");
    }
}
