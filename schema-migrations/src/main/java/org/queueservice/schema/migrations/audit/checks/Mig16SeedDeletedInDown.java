package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.SqlRenderer;

/** From the migrations alone: the migration that seeds rate_limiters deletes its rows in its down steps. */
@Check(id = "MIG16", title = "Seed data deleted explicitly in down", section = Section.SEEDING, severity = Severity.MEDIUM,
        remediation = "Delete exactly the seeded rows first in the seeding migration's down steps.")
final class Mig16SeedDeletedInDown implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        String seeded = QueueSchema.RATE_LIMITERS.tableName();
        String table = SqlRenderer.render(QueueSchema.RATE_LIMITERS.name());
        List<String> problems = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (SchemaMigration m : context.migrations()) {
            if (AuditContext.sqlOf(m.up(context.settings())).contains("insert into " + table)) {
                String name = AuditContext.className(m);
                if (AuditContext.sqlOf(m.down(context.settings())).contains("delete from " + table + " where")) {
                    evidence.add(name + " seeds " + seeded + "; its down deletes exactly the seeded rows");
                } else {
                    problems.add(name + " seeds " + seeded + " but its down steps do not delete the seed rows");
                }
            }
        }
        if (evidence.isEmpty() && problems.isEmpty()) {
            problems.add("no migration seeds " + seeded);
        }
        return Outcome.of(problems, evidence);
    }
}
