package org.queueservice.schema.migrations.audit.checks;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.security.IsolationContract;
import org.queueservice.schema.migrations.security.SecuritySurface;
import org.queueservice.schema.migrations.security.SurfaceChange;

/**
 * The whole security surface keeps the isolation contract: on the audited database alone (a TRUNCATE grant to PUBLIC,
 * a view that reads every tenant, a global unique key, whatever the names), and compared with the same versions freshly
 * migrated by the rollback rehearsal (an index that is no longer the model's under its name, a trigger removed).
 */
@Check(id = "TEN8", title = "Security surface keeps the isolation contract", section = Section.TENANCY,
        severity = Severity.CRITICAL, remediation = "Revoke, drop or restore each object named (the codes are explained in the "
        + "rules table of docs/reviewing.md); logins get membership in the application role, never grants of their own.")
final class Ten8IsolationContract implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) throws SQLException {
        SecuritySurface audited = SecuritySurface.read(context.connection(), context.settings());
        SecuritySurface fresh = context.rehearsal().freshSurface();
        Set<SurfaceChange> violations = new LinkedHashSet<>(IsolationContract.violations(audited));
        if (fresh != null) {
            violations.addAll(IsolationContract.violations(fresh, audited));
        }
        List<String> problems = new ArrayList<>(violations.stream().map(SurfaceChange::toString).distinct().toList());
        return Outcome.of(problems, "policies, row-level security, grants, default privileges, views, SECURITY DEFINER functions, "
                + "rules, triggers, tenant foreign keys, unique keys and the roles keep the contract"
                + (fresh == null ? " (not compared with a fresh migration: the rehearsal failed before it had one)"
                : ", and differ from a fresh migration only where it allows"));
    }
}
