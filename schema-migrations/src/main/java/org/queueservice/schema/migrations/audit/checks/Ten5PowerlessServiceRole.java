package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;

/** The application role can neither bypass row-level security nor become a role or owner that does. */
@Check(id = "TEN5", title = "Service role neither owner nor superuser nor BYPASSRLS", section = Section.TENANCY,
        severity = Severity.CRITICAL, remediation = "Run the service as a member of the application role only; revoke "
        + "ownership and powers.")
final class Ten5PowerlessServiceRole implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        AuditCatalog.ServiceRole role = context.catalog().serviceRole();
        String app = role.name();
        String maintenance = context.settings().roles().maintenance();
        List<String> problems = new ArrayList<>();
        if (!role.exists()) {
            problems.add("service role " + app + " does not exist");
        } else {
            if (role.superuser()) {
                problems.add(app + " is a superuser");
            }
            if (role.bypassRls()) {
                problems.add(app + " has BYPASSRLS");
            }
            if (role.actsAsMaintenance()) {
                problems.add(app + " can act as " + maintenance);
            }
            for (String table : context.catalog().presentTables()) {
                if (role.ownsTables().contains(table)) {
                    problems.add(app + " owns " + table + " (or is a member of its owner)");
                }
            }
        }
        return Outcome.of(problems, app + ": not superuser, no BYPASSRLS, owns none of the tables, cannot become " + maintenance);
    }

    /** Names the configured application role. */
    @Override
    public String remediation(MigrationSettings settings) {
        return definition().remediation().replace("the application role", settings.roles().application());
    }
}
