package org.queueservice.schema.migrations.generate;

import static org.queueservice.schema.migrations.generate.JavaDsl.name;
import static org.queueservice.schema.migrations.generate.JavaDsl.string;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.generate.ModelChange.Statement;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.TableIndex;

/**
 * A table that enters or leaves the model. A new table always comes with everything isolation needs: its
 * tenant foreign key (part of every {@link TableDefinition}), row-level security enabled and forced, both
 * policies, the grants and the updated_at trigger; the generator has no way to write one without them.
 */
final class TableChanges {

    private static final String I = "                        ";

    private TableChanges() {
    }

    static ModelChange add(TableDefinition table) {
        String t = table.tableName();
        String n = name(table.name());
        List<Statement> up = new ArrayList<>();
        up.add(new Statement("a new table: locks nothing that exists, bar a brief SHARE ROW EXCLUSIVE on tenants for the foreign key",
                "SchemaStep.of(\"create table " + t + "\", " + TableSource.createTable(table) + ")"));
        for (TableIndex index : table.indexes()) {
            up.add(new Statement("the table is new and empty: a plain build is instant",
                    "SchemaStep.of(\"create index " + index.name().last() + "\",\n" + I + TableSource.createIndex(table, index) + ")"));
        }
        up.add(new Statement("catalog only", "SchemaStep.of(\"comment on table " + t + " and its columns\",\n" + I
                + String.join(",\n" + I, TableSource.comments(table)) + ")"));
        up.addAll(isolation(t, n));
        return ModelChange.of("add table " + t, up, removal(t, n));
    }

    static ModelChange drop(SchemaCatalog.Table table, ReleasedSql released) {
        String t = table.name();
        String n = name(DSL.name(t));
        List<Statement> down = new ArrayList<>();
        down.add(new Statement("re-creates the table as it was; its rows are gone",
                "SchemaStep.of(\"create table " + t + "\", createTableIfNotExists(" + n + ")\n" + I + ".columns("
                        + table.columns().stream().map(ColumnChanges::restored).collect(Collectors.joining(",\n" + I + "        "))
                        + ")\n" + I + ".constraints(" + table.constraints().stream().map(c -> constraint(t, c, released))
                        .collect(Collectors.joining(",\n" + I + "        ")) + "))"));
        for (SchemaCatalog.Index index : table.indexes()) {
            if (!index.ofConstraint()) {
                down.add(new Statement("the table is new and empty: a plain build is instant",
                        "SchemaStep.of(\"create index " + index.name() + "\", createIndexIfNotExists(" + name(DSL.name(index.name()))
                                + ").on(table(" + n + "), " + IndexChanges.keys(index) + ")"
                                + (index.predicate() == null ? "" : ".where(" + JavaDsl.catalogCondition(index.predicate()) + ")") + ")"));
            }
        }
        List<String> comments = new ArrayList<>();
        if (table.comment() != null) {
            comments.add("commentOnTable(" + n + ").is(" + string(table.comment()) + ")");
        }
        table.columns().stream().filter(c -> c.comment() != null)
                .forEach(c -> comments.add(TableSource.columnComment(DSL.name(t), c.name(), c.comment())));
        if (!comments.isEmpty()) {
            down.add(new Statement("catalog only", "SchemaStep.of(\"comment on table " + t + " and its columns\",\n" + I
                    + String.join(",\n" + I, comments) + ")"));
        }
        down.addAll(isolation(t, n));
        return new ModelChange("drop table " + t + " and all its rows", removal(t, n), down, true, false, null);
    }

    private static List<Statement> isolation(String t, String n) {
        return List.of(
                new Statement("SHARE ROW EXCLUSIVE on " + t + ", brief",
                        "SchemaStep.of(\"create trigger " + t + "_set_updated_at\", UpdatedAtTrigger.createTrigger(" + n + "))"),
                new Statement("ACCESS EXCLUSIVE on " + t + ", brief: row-level security enabled and forced, tenant and "
                        + "maintenance policies, grants to the service and maintenance roles",
                        "SchemaStep.of(\"row-level security, policies and grants on " + t + "\", TenantIsolation.enable(" + n
                                + ", settings.roles(), TenantIsolation.tenantCondition()))"));
    }

    private static List<Statement> removal(String t, String n) {
        return List.of(
                new Statement("ACCESS EXCLUSIVE on " + t + ", brief",
                        "SchemaStep.of(\"grants, policies and row-level security off on " + t + "\", TenantIsolation.disable(" + n
                                + ", settings.roles()))"),
                new Statement("ACCESS EXCLUSIVE on " + t + ", brief; RESTRICT stops at anything of someone else's that depends on it",
                        "SchemaStep.of(\"drop table " + t + "\", dropTableIfExists(" + n + ").restrict())"
                                + ".losing(DataAtRisk.rowsOf(" + n + "))"));
    }

    private static String constraint(String table, SchemaCatalog.Constraint constraint, ReleasedSql released) {
        String start = "constraint(" + name(DSL.name(constraint.name())) + ")";
        return switch (constraint.type()) {
            case "p" -> start + ".primaryKey(" + JavaDsl.columnNames(constraint.columns()) + ")";
            case "u" -> start + ".unique(" + JavaDsl.columnNames(constraint.columns()) + ")";
            case "c" -> start + ".check(" + ConstraintChanges.checkCondition(constraint, released) + ")";
            case "f" -> {
                if (!constraint.definition().equals("FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE RESTRICT")) {
                    throw new UnsupportedChange("foreign key " + constraint.name() + " of " + table + " is not the tenant foreign key");
                }
                yield start + ".foreignKey(name(\"tenant_id\")).references(name(\"tenants\"), name(\"id\")).onDeleteRestrict()";
            }
            default -> throw new UnsupportedChange("constraint " + constraint.name() + " of " + table + " (" + constraint.definition() + ")");
        };
    }
}
