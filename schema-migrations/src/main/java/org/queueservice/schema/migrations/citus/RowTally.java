package org.queueservice.schema.migrations.citus;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.migrations.internal.TransactionTenant;
import org.queueservice.schema.model.SqlRenderer;

/**
 * A table's rows as a count and an order-independent checksum (the sum of a 64-bit hash of each row's text),
 * equal before and after a move when every row arrived unchanged. A tenant table is counted tenant by tenant,
 * the tenant set as the service sets it: its owner is bound by row-level security (FORCE), and a filter on
 * {@code tenant_id} sends each count to one shard. Runs inside the caller's transaction.
 */
public record RowTally(long rows, BigDecimal checksum) {

    public static final RowTally EMPTY = new RowTally(0, BigDecimal.ZERO);

    RowTally plus(RowTally other) {
        return new RowTally(rows + other.rows, checksum.add(other.checksum));
    }

    @Override
    public String toString() {
        return rows + (rows == 1 ? " row" : " rows") + ", checksum " + checksum;
    }

    /** The rows of tenants, which has no row-level security: it belongs to the tenants service. */
    static RowTally ofTenants(Connection c) throws SQLException {
        return of(c, SqlRenderer.render(DSL.query("select count(*), coalesce(sum(hashtextextended(t::text, 0)), 0) from {0} t",
                DSL.name(CitusCatalog.TENANTS))));
    }

    /** The rows of tenant table {@code table}, every tenant's; {@code c} must be in a transaction. */
    static RowTally ofTenantTable(Connection c, String table, List<UUID> tenants) throws SQLException {
        RowTally total = EMPTY;
        for (UUID tenant : tenants) {
            try (Statement s = c.createStatement()) {
                for (String setting : TransactionTenant.set(tenant.toString())) {
                    s.execute(setting);
                }
            }
            total = total.plus(of(c, SqlRenderer.render(DSL.query(
                    "select count(*), coalesce(sum(hashtextextended(t::text, 0)), 0) from {0} t where t.{1} = {2}::uuid",
                    DSL.name(table), DSL.name(CitusCatalog.DISTRIBUTION_COLUMN), DSL.inline(tenant.toString())))));
        }
        return total;
    }

    static List<UUID> tenants(Connection c) throws SQLException {
        return QueryRows.of(c, SqlRenderer.render(DSL.query("select id from {0} order by id", DSL.name(CitusCatalog.TENANTS))))
                .stream().map(row -> UUID.fromString(row.get(0))).toList();
    }

    private static RowTally of(Connection c, String sql) throws SQLException {
        List<String> row = QueryRows.of(c, sql).get(0);
        return new RowTally(Long.parseLong(row.get(0)), new BigDecimal(row.get(1)));
    }
}
