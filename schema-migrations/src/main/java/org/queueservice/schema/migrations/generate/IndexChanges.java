package org.queueservice.schema.migrations.generate;

import static org.queueservice.schema.migrations.generate.JavaDsl.name;

import java.util.List;
import java.util.stream.Collectors;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.generate.ModelChange.Statement;
import org.queueservice.schema.migrations.internal.LockNote;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.TableIndex;

/** Secondary indexes added to or dropped from an existing table, always CONCURRENTLY. */
final class IndexChanges {

    private IndexChanges() {
    }

    static ModelChange add(TableDefinition table, TableIndex index) {
        String t = table.tableName();
        String where = index.where().map(JavaDsl::condition).orElse("null");
        return ModelChange.of("add index " + index.name().last(),
                build(t, name(index.name()), JavaDsl.orderFields(index.columns()), where),
                List.of(new Statement(LockNote.CONCURRENT_DROP.on(t), "OnlineDdl.dropIndex(" + name(index.name()) + ")"))).asOnline();
    }

    static ModelChange drop(String table, SchemaCatalog.Index index) {
        if (index.unique()) {
            throw new UnsupportedChange("unique index " + index.name() + " of " + table + " is not a constraint of the model");
        }
        String n = name(DSL.name(index.name()));
        String where = index.predicate() == null ? "null" : JavaDsl.catalogCondition(index.predicate());
        return ModelChange.of("drop index " + index.name(),
                List.of(new Statement(LockNote.CONCURRENT_DROP.on(table), "OnlineDdl.dropIndex(" + n + ")")),
                build(table, n, keys(index), where)).asOnline();
    }

    /** The key columns of an index as PostgreSQL reports them ({@code created_at DESC}), as jOOQ order fields. */
    static String keys(SchemaCatalog.Index index) {
        return index.keys().stream().map(key -> {
            boolean descending = key.endsWith(" DESC");
            String column = descending ? key.substring(0, key.length() - 5) : key;
            if (!column.matches("\"?[a-z_][a-z0-9_]*\"?")) {
                throw new UnsupportedChange("index " + index.name() + " has the expression key `" + column + "`");
            }
            String field = "field(" + name(DSL.name(column.replace("\"", ""))) + ")";
            return descending ? field + ".desc()" : field;
        }).collect(Collectors.joining(", "));
    }

    private static List<Statement> build(String table, String index, String keys, String where) {
        return List.of(
                new Statement("ACCESS EXCLUSIVE on the index alone, if an interrupted build left it INVALID",
                        "OnlineDdl.dropIfInvalid(" + index + ")"),
                new Statement(LockNote.CONCURRENT_BUILD.on(table),
                        "OnlineDdl.createIndex(" + index + ", " + name(DSL.name(table)) + ", List.of(" + keys + "), " + where + ")"));
    }
}
