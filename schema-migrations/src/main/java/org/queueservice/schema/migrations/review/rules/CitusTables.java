package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;

import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.Tenants;

/**
 * The tables Citus holds when the schema is deployed on it (docs/citus.md): tenants a reference
 * table, and every tenant table, one with a {@code tenant_id} column, distributed by it. A new tenant table is one
 * of them from its CREATE TABLE on: its foreign key to the reference table adds it to Citus's metadata, and migrate
 * distributes it in the same run. The QS4xx rules judge statements on these tables by what Citus accepts there.
 */
final class CitusTables {

    static final String DISTRIBUTION_COLUMN = TableDefinition.TENANT_ID.getName();

    private CitusTables() {
    }

    /** Whether {@code table} is one Citus holds (reference or distributed) when {@code at} runs. */
    static boolean held(ReviewContext context, String table, ReviewedStatement at) throws SQLException {
        return table.equals(Tenants.NAME.last()) || distributed(context, table, at);
    }

    /**
     * Whether {@code table} is a tenant table, distributed by tenant_id, when {@code at} runs: {@code at} or an earlier
     * statement of any version gave it a tenant_id column, or, for a table no version created, the live database has one.
     */
    static boolean distributed(ReviewContext context, String table, ReviewedStatement at) throws SQLException {
        if (table.equals(Tenants.NAME.last())) {
            return false;
        }
        for (Action action : at.actions()) {
            if (action.kind() == ActionKind.CREATE_TABLE && table.equals(action.table())) {
                return declaresDistributionColumn(action);
            }
        }
        if (context.declaredType(table, DISTRIBUTION_COLUMN, at).isPresent()) {
            return true;
        }
        return context.live().isPresent() && context.live().get().columnType(table, DISTRIBUTION_COLUMN).isPresent();
    }

    /** Whether a CREATE TABLE's column list defines tenant_id. */
    static boolean declaresDistributionColumn(Action createTable) {
        return CreateTableElements.of(createTable).stream().anyMatch(d -> d.startsWith(DISTRIBUTION_COLUMN + " "));
    }
}
