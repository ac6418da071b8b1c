package org.queueservice.schema.migrations.adopt;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jooq.Query;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.internal.RolledBackTransaction;
import org.queueservice.schema.model.SchemaModel;
import org.queueservice.schema.model.SqlRenderer;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.TableIndex;

/**
 * The model's tables as PostgreSQL itself reports them (types, defaults, constraints, indexes, comments),
 * so that the live tables can be compared with them exactly. They are created as temporary tables in a
 * transaction that is rolled back: nothing of the database changes, and no lock is taken on its tables.
 * The tenant foreign key is left out (a temporary table referencing tenants would lock it); it is
 * compared with {@link #TENANT_FOREIGN_KEY}.
 */
final class ExpectedSchema {

    /** The tenant foreign key every table has, as pg_get_constraintdef prints it. */
    static final String TENANT_FOREIGN_KEY = "FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE RESTRICT";

    private ExpectedSchema() {
    }

    static SchemaCatalog of(Connection connection, SchemaModel model) throws SQLException {
        return RolledBackTransaction.run(connection, () -> {
            try (Statement statement = connection.createStatement()) {
                for (TableDefinition table : model.tables()) {
                    for (Query query : temporary(table)) {
                        statement.execute(SqlRenderer.render(query));
                    }
                }
            }
            return inLiveSchema(SchemaCatalog.readTemporary(connection), connection);
        });
    }

    /**
     * pg_get_indexdef names a temporary table's schema {@code pg_temp}: the definitions are given the live
     * tables' schema, so that they compare whole with the live indexes' and read as what to create there.
     */
    private static SchemaCatalog inLiveSchema(SchemaCatalog temporary, Connection connection) throws SQLException {
        String schema;
        try (Statement statement = connection.createStatement();
             var result = statement.executeQuery("select quote_ident(current_schema())")) {
            result.next();
            schema = result.getString(1);
        }
        Map<String, SchemaCatalog.Table> tables = new TreeMap<>();
        temporary.tables().forEach((name, t) -> tables.put(name, new SchemaCatalog.Table(t.name(), t.quoted(), t.comment(), t.columns(),
                t.comments(), t.constraints(), t.indexes().stream().map(i -> new SchemaCatalog.Index(i.name(),
                        i.definition().replace(" ON pg_temp.", " ON " + schema + "."), i.valid(), i.unique(), i.keys(), i.predicate(),
                        i.ofConstraint())).toList(),
                t.triggers(), t.rowSecurity(), t.forceRowSecurity(), t.policies(), t.grants(), t.rows())));
        return new SchemaCatalog(tables, temporary.functions());
    }

    private static List<Query> temporary(TableDefinition table) {
        List<Query> queries = new ArrayList<>();
        queries.add(DSL.createTemporaryTable(table.name()).columns(table.columns())
                .constraints(table.jooqConstraints().stream()
                        .filter(c -> !c.getName().equals(table.foreignKeyName())).toList()));
        // Unqualified names resolve to the temporary table first: indexes and comments land on it.
        for (TableIndex index : table.indexes()) {
            queries.add(table.createIndex(index));
        }
        queries.addAll(table.comments());
        return queries;
    }
}
