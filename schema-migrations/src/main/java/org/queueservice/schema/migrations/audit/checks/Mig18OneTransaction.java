package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.internal.Idempotence;
import org.queueservice.schema.model.SchemaStep;

/**
 * From the migrations alone: a version runs in one transaction, or else declares that it commits step by
 * step (an online version: CONCURRENTLY, NOT VALID then VALIDATE), which is accepted by design when every
 * statement of it is idempotent, so that a run stopped half-way is finished by the next one.
 */
@Check(id = "MIG18", title = "Each migration is one transaction", section = Section.SAFETY, severity = Severity.HIGH,
        remediation = "Keep every statement transactional, or make each statement of a step-by-step version idempotent.")
final class Mig18OneTransaction implements AuditCheck {

    private static final List<String> OUTSIDE_TRANSACTION = List.of(" concurrently", "vacuum", "create database", "alter system");

    @Override
    public Outcome evaluate(AuditContext context) {
        List<String> problems = new ArrayList<>();
        List<String> online = new ArrayList<>();
        for (SchemaMigration m : context.migrations()) {
            String name = AuditContext.className(m);
            List<SchemaStep> steps = new ArrayList<>(m.up(context.settings()));
            steps.addAll(m.down(context.settings()));
            if (m.canExecuteInTransaction()) {
                String sql = AuditContext.sqlOf(steps).toLowerCase(Locale.ROOT);
                for (String outside : OUTSIDE_TRANSACTION) {
                    if (sql.contains(outside)) {
                        problems.add(name + " uses" + outside + ", which cannot run in a transaction");
                    }
                }
                continue;
            }
            List<String> unsafe = steps.stream().map(Idempotence::firstNonIdempotent).flatMap(Optional::stream).toList();
            if (unsafe.isEmpty()) {
                online.add(name);
            } else {
                problems.add(name + " does not run in a transaction, and `" + unsafe.get(0) + "` is not idempotent: "
                        + "a run stopped half-way could not be finished by running it again");
            }
        }
        List<String> evidence = new ArrayList<>();
        evidence.add((context.migrations().size() - online.size())
                + " migrations run in one transaction each (PostgreSQL DDL is transactional)");
        if (!online.isEmpty()) {
            evidence.add(String.join(", ", online) + " commit step by step by design (online DDL), every statement idempotent");
        }
        return Outcome.of(problems, evidence);
    }
}
