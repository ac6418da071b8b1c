package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jooq.Field;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.TenantTable;

/** Every column the model declares NOT NULL is NOT NULL in the database. */
@Check(id = "MIG8", title = "NOT NULL constraints", section = Section.DESIGN, severity = Severity.MEDIUM,
        remediation = "Set NOT NULL on the listed columns (after backfilling NULLs).")
final class Mig8NotNull implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) {
        AuditCatalog catalog = context.catalog();
        List<String> problems = new ArrayList<>(catalog.missingTables());
        int notNull = 0;
        for (TenantTable table : QueueSchema.TABLES) {
            if (!catalog.presentTables().contains(table.tableName())) {
                continue;
            }
            for (Field<?> column : table.columns()) {
                if (column.getDataType().nullable()) {
                    continue;
                }
                Optional<SchemaCatalog.Column> found = catalog.table(table.tableName()).column(column.getName());
                if (found.isPresent() && found.get().notNull()) {
                    notNull++;
                } else {
                    problems.add(table.tableName() + "." + column.getName() + " is " + (found.isEmpty() ? "missing" : "nullable"));
                }
            }
        }
        return Outcome.of(problems, notNull + " columns NOT NULL as the model declares, every column with a default included");
    }
}
