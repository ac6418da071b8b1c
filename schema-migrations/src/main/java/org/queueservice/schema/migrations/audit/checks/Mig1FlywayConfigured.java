package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;

@Check(id = "MIG1", title = "Flyway migrations configured", section = Section.STRUCTURE, severity = Severity.HIGH,
        remediation = "Migrate this database with `queue-schema migrate`.")
final class Mig1FlywayConfigured implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        History history = context.history();
        if (history.exists()) {
            evidence.add("`" + Migrations.HISTORY_TABLE + "` exists with " + history.entries().size() + " rows");
        } else {
            problems.add("no Flyway history table `" + Migrations.HISTORY_TABLE
                    + "`: this database was not migrated by queue-schema");
        }
        evidence.add("registry `Migrations.all()`: "
                + context.migrations().stream().map(AuditContext::className).collect(Collectors.joining(", ")));
        evidence.add("entry point: `queue-schema migrate` (Flyway Java migrations)");
        return Outcome.of(problems, evidence);
    }
}
