package org.queueservice.schema.migrations.audit.checks;

import java.util.List;
import java.util.stream.Collectors;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;

@Check(id = "MIG4", title = "Down path defined", section = Section.STRUCTURE, severity = Severity.HIGH,
        remediation = "Declare down steps next to every migration's up steps.")
final class Mig4DownPathDefined implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        List<String> problems = context.migrations().stream().filter(m -> m.down(context.settings()).isEmpty())
                .map(m -> AuditContext.className(m) + " has no down steps").toList();
        return Outcome.of(problems, context.migrations().stream()
                .map(m -> "V" + m.getVersion() + ": " + m.down(context.settings()).size() + " down steps")
                .collect(Collectors.joining(", ")));
    }
}
