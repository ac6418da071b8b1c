package org.queueservice.schema.migrations.audit.checks;

import java.util.List;

import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;

/**
 * Every migration's up steps re-applied over their own objects, in a transaction that is rolled back, on the
 * rehearsal's scratch database: on the audited database the DDL would take ACCESS EXCLUSIVE locks on live tables.
 */
@Check(id = "MIG17", title = "Idempotent operations", section = Section.SAFETY, severity = Severity.HIGH,
        remediation = "Use IF NOT EXISTS, OR REPLACE or a guard for every create.")
final class Mig17Idempotent implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        List<SchemaMigration> migrations = context.migrations();
        int statements = migrations.stream()
                .mapToInt(m -> m.up(context.settings()).stream().mapToInt(step -> step.statements().size()).sum()).sum();
        return Outcome.of(context.rehearsal().reapplyProblems(), statements + " statements of " + migrations.size()
                + " migrations re-applied over the objects they created, on scratch database `"
                + context.rehearsal().database() + "`, in a transaction that was rolled back");
    }
}
