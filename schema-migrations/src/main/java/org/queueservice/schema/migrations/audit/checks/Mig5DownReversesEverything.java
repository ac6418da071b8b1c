package org.queueservice.schema.migrations.audit.checks;

import java.util.List;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.audit.RollbackRehearsal;

/** From the rehearsal: rolled back one version at a time, each catalog equals the one of that version. */
@Check(id = "MIG5", title = "Down reverses everything", section = Section.STRUCTURE, severity = Severity.HIGH,
        remediation = "Make each migration's down steps drop, revoke or restore everything its up steps created or changed.")
final class Mig5DownReversesEverything implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        RollbackRehearsal.Outcome rehearsal = context.rehearsal();
        return Outcome.of(rehearsal.stepDownProblems(), List.of("rehearsal on scratch database `" + rehearsal.database()
                        + "`: migrated version by version, then rolled back one version at a time, comparing the full "
                        + "catalog with the one migrated to that version",
                "at version 0 nothing of ours remained (tables, indexes, policies, triggers, functions)"));
    }
}
