package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.UpdatedAtTrigger;

/** created_at and updated_at as the model declares them, and the enabled trigger that keeps updated_at true. */
@Check(id = "MIG10", title = "Timestamps on all tables", section = Section.DESIGN, severity = Severity.MEDIUM,
        remediation = "Restore dropped timestamp columns by hand; `queue-schema repair` recreates the updated_at triggers.")
final class Mig10Timestamps implements AuditCheck {

    private static final String TYPE = "timestamp with time zone";
    private static final List<String> DEFAULTS = List.of("CURRENT_TIMESTAMP", "now()");

    @Override
    public Outcome evaluate(AuditContext context) {
        AuditCatalog catalog = context.catalog();
        List<String> problems = new ArrayList<>(catalog.missingTables());
        for (String table : catalog.presentTables()) {
            for (String column : List.of(TableDefinition.CREATED_AT.getName(), TableDefinition.UPDATED_AT.getName())) {
                Optional<SchemaCatalog.Column> found = catalog.table(table).column(column);
                boolean ok = found.isPresent() && found.get().type().equals(TYPE) && found.get().notNull()
                        && DEFAULTS.contains(found.get().defaultExpression());
                if (!ok) {
                    problems.add(table + "." + column + " is " + found.map(Mig10Timestamps::definition).orElse("missing"));
                }
            }
            String trigger = UpdatedAtTrigger.triggerName(DSL.name(table)).last();
            if (catalog.trigger(table, trigger).filter(AuditCatalog.Trigger::enabled).isEmpty()) {
                problems.add(table + ": trigger " + trigger + " is missing or disabled, updated_at never changes");
            }
        }
        return Outcome.of(problems, "created_at and updated_at timestamptz NOT NULL DEFAULT CURRENT_TIMESTAMP, and a BEFORE "
                + "UPDATE trigger " + UpdatedAtTrigger.FUNCTION.last() + ", on " + catalog.presentTables().size() + " tables");
    }

    /** As the report shows a column that is not right: type, NOT NULL flag and default. */
    private static String definition(SchemaCatalog.Column column) {
        return column.type() + " " + column.notNull() + " " + (column.defaultExpression() == null ? "" : column.defaultExpression());
    }
}
