package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;

@Check(id = "MIG3", title = "Up path defined and applied", section = Section.STRUCTURE, severity = Severity.HIGH,
        remediation = "Run `queue-schema migrate`; investigate any failed version first.")
final class Mig3UpPathApplied implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        List<String> problems = new ArrayList<>();
        for (SchemaMigration m : context.migrations()) {
            if (m.up(context.settings()).isEmpty()) {
                problems.add(AuditContext.className(m) + " has no up steps");
            }
        }
        History history = context.history();
        if (history.exists()) {
            Set<String> applied = new TreeSet<>();
            history.entries().stream().filter(e -> e.success() && e.version() != null).forEach(e -> applied.add(e.version()));
            context.migrations().stream().filter(m -> !applied.contains(m.getVersion().getVersion()))
                    .forEach(m -> problems.add("V" + m.getVersion() + " " + m.getDescription() + " is not applied"));
            history.entries().stream().filter(e -> !e.success())
                    .forEach(e -> problems.add("V" + e.version() + " is recorded as failed"));
        } else {
            problems.add("no history table: no migration is recorded as applied");
        }
        return Outcome.of(problems, context.migrations().stream()
                .map(m -> "V" + m.getVersion() + ": " + m.up(context.settings()).size() + " up steps")
                .collect(Collectors.joining(", ")));
    }
}
