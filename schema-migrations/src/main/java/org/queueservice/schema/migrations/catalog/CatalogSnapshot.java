package org.queueservice.schema.migrations.catalog;

import java.sql.Connection;

/**
 * A canonical, deterministic text of the current schema ({@link SchemaCatalog}): tables with columns,
 * defaults and comments, constraints, indexes, triggers, RLS flags, policies, grants, functions, and the
 * rows of every table (without generated ids and timestamps). Two databases with the same schema and
 * seed rows give the same text, whatever their OIDs, owners or creation times. It is what
 * {@code schema.sql} holds and what rollback tests compare version by version.
 */
public final class CatalogSnapshot {

    private CatalogSnapshot() {
    }

    public static String of(Connection connection) {
        return render(SchemaCatalog.read(connection));
    }

    static String render(SchemaCatalog catalog) {
        StringBuilder out = new StringBuilder();
        for (SchemaCatalog.Table table : catalog.tables().values()) {
            out.append('\n').append("CREATE TABLE ").append(table.quoted()).append(" (\n");
            for (int i = 0; i < table.columns().size(); i++) {
                SchemaCatalog.Column column = table.columns().get(i);
                out.append("    ").append(column.quotedName()).append(' ').append(column.definition())
                        .append(i + 1 < table.columns().size() ? ",\n" : "\n");
            }
            out.append(");\n");
            table.comments().forEach(comment -> out.append(comment.statement()).append('\n'));
            table.constraints().forEach(constraint -> out.append(constraint.statement()).append('\n'));
            table.indexes().forEach(index -> out.append(index.definition()).append(";\n"));
            table.triggers().forEach(trigger -> out.append(trigger).append('\n'));
            if (table.rowSecurity()) {
                out.append("ALTER TABLE ").append(table.quoted()).append(" ENABLE ROW LEVEL SECURITY;\n");
            }
            if (table.forceRowSecurity()) {
                out.append("ALTER TABLE ").append(table.quoted()).append(" FORCE ROW LEVEL SECURITY;\n");
            }
            table.policies().forEach(policy -> out.append(policy.definition()).append('\n'));
            table.grants().forEach(grant -> out.append(grant).append('\n'));
            table.rows().forEach(row -> out.append("-- row ").append(row).append('\n'));
        }
        for (String function : catalog.functions()) {
            out.append('\n').append(function.strip()).append('\n');
        }
        return out.toString();
    }
}
