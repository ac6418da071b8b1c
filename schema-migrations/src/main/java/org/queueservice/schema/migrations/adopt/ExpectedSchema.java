package org.queueservice.schema.migrations.adopt;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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
            return SchemaCatalog.readTemporary(connection);
        });
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
