package org.queueservice.schema.migrations.audit.checks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.internal.RolledBackTransaction;
import org.queueservice.schema.migrations.internal.StepRunner;

/** Every migration's up steps re-applied over the audited schema, in a transaction that is rolled back. */
@Check(id = "MIG17", title = "Idempotent operations", section = Section.SAFETY, severity = Severity.HIGH,
        remediation = "Use IF NOT EXISTS, OR REPLACE or a guard for every create.")
final class Mig17Idempotent implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) throws SQLException {
        List<SchemaMigration> migrations = context.migrations();
        List<String> problems = new ArrayList<>();
        int statements = migrations.stream()
                .mapToInt(m -> m.up(context.settings()).stream().mapToInt(step -> step.statements().size()).sum()).sum();
        Connection c = context.connection();
        RolledBackTransaction.run(c, () -> {
            StepRunner.limitLockWait(c, context.settings().lockTimeout());
            for (SchemaMigration m : migrations) {
                try (Statement savepoint = c.createStatement()) {
                    savepoint.execute("savepoint reapply");
                    StepRunner.run(c, m.up(context.settings()));
                } catch (StepRunner.StepFailedException e) {
                    problems.add("re-applying V" + m.getVersion() + " failed: " + e.getMessage());
                    try (Statement back = c.createStatement()) {
                        back.execute("rollback to savepoint reapply");
                    }
                }
            }
            return null;
        });
        return Outcome.of(problems, statements + " statements of " + migrations.size() + " migrations re-applied over the "
                + "existing objects in a transaction that was rolled back");
    }
}
