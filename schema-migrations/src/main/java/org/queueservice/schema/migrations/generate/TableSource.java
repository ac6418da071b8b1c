package org.queueservice.schema.migrations.generate;

import static org.queueservice.schema.migrations.generate.JavaDsl.condition;
import static org.queueservice.schema.migrations.generate.JavaDsl.name;
import static org.queueservice.schema.migrations.generate.JavaDsl.orderFields;
import static org.queueservice.schema.migrations.generate.JavaDsl.string;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.jooq.Name;
import org.jooq.impl.DSL;
import org.queueservice.schema.model.TableConstraint;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.TableIndex;
import org.queueservice.schema.model.Tenants;

/** Java source of the statements that create one tenant table of the model, with literal names and types. */
final class TableSource {

    private static final String INDENT = "                ";

    private TableSource() {
    }

    /** CREATE TABLE IF NOT EXISTS with columns, defaults and every constraint. */
    static String createTable(TableDefinition table) {
        String columns = table.columns().stream().map(JavaDsl::column)
                .collect(Collectors.joining(",\n" + INDENT + "                ", "\n" + INDENT + "                ", ""));
        List<String> constraints = new ArrayList<>();
        // (tenant_id, id) as on every table since V4: Citus distributes only a table whose unique keys hold tenant_id.
        constraints.add("constraint(" + name(DSL.name(table.primaryKeyName())) + ").primaryKey("
                + name(TableDefinition.TENANT_ID.getUnqualifiedName()) + ", " + name(TableDefinition.ID.getUnqualifiedName()) + ")");
        constraints.add("constraint(" + name(DSL.name(table.foreignKeyName())) + ").foreignKey("
                + name(TableDefinition.TENANT_ID.getUnqualifiedName()) + ").references(" + name(Tenants.NAME) + ", "
                + name(Tenants.ID.getUnqualifiedName()) + ").onDeleteRestrict()");
        table.constraints().forEach(c -> constraints.add(constraint(c)));
        return "createTableIfNotExists(" + name(table.name()) + ")\n" + INDENT + "        .columns(" + columns + ")\n"
                + INDENT + "        .constraints(" + constraints.stream()
                .collect(Collectors.joining(",\n" + INDENT + "                ", "\n" + INDENT + "                ", ""))
                + ")";
    }

    /** The constraint as a jOOQ {@code Constraint}, for CREATE TABLE or ALTER TABLE ... ADD. */
    static String constraint(TableConstraint constraint) {
        if (constraint instanceof TableConstraint.Unique unique) {
            return "constraint(" + name(unique.name()) + ").unique(" + JavaDsl.names(unique.columns()) + ")";
        }
        TableConstraint.Check check = (TableConstraint.Check) constraint;
        return "constraint(" + name(check.name()) + ").check(" + condition(check.condition()) + ")";
    }

    /** CREATE INDEX IF NOT EXISTS, for a table created in the same version (empty, so no need for CONCURRENTLY). */
    static String createIndex(TableDefinition table, TableIndex index) {
        return "createIndexIfNotExists(" + name(index.name()) + ").on(table(" + name(table.name()) + "), "
                + orderFields(index.columns()) + ")" + index.where().map(w -> ".where(" + condition(w) + ")").orElse("");
    }

    /** COMMENT ON TABLE and one COMMENT ON COLUMN per commented column. */
    static List<String> comments(TableDefinition table) {
        List<String> comments = new ArrayList<>();
        comments.add("commentOnTable(" + name(table.name()) + ").is(" + string(table.comment()) + ")");
        table.columnComments().forEach((column, text) -> comments.add(columnComment(table.name(), column, text)));
        return comments;
    }

    static String columnComment(Name table, String column, String text) {
        // An empty comment removes it: PostgreSQL treats COMMENT ... IS '' as IS NULL.
        return "commentOnColumn(" + name(DSL.name(table.last(), column)) + ").is(" + string(text == null ? "" : text) + ")";
    }
}
