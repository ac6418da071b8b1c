package org.queueservice.schema.migrations.review.rules;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.migrations.internal.RolledBackTransaction;

/**
 * The database given with {@code --url}, read and never written: every query runs in a READ ONLY
 * transaction that is rolled back. Rows are counted with {@code row_security} off, so a count sees every
 * tenant's rows or fails (42501) instead of silently counting one tenant's: that needs a role that
 * bypasses row-level security, as the superuser or the migrating owner without FORCE does.
 */
public final class LiveDatabase {

    /** A table's size as the planner's statistics know it: no scan needed. */
    public record TableSize(long rowEstimate, long bytes) {
    }

    private final Connection connection;

    public LiveDatabase(Connection connection) {
        this.connection = connection;
    }

    /** The result of a {@code select count(*) ...} over every tenant's rows. */
    public long count(String sql) throws SQLException {
        return Long.parseLong(readOnly(sql, true).get(0).get(0));
    }

    public Optional<TableSize> size(String table) throws SQLException {
        List<List<String>> rows = readOnly("select greatest(c.reltuples, 0)::bigint, pg_total_relation_size(c.oid) from pg_class c "
                + "where c.oid = to_regclass('" + table.replace("'", "''") + "')", false);
        return rows.isEmpty() ? Optional.empty()
                : Optional.of(new TableSize(Long.parseLong(rows.get(0).get(0)), Long.parseLong(rows.get(0).get(1))));
    }

    /** The table an index belongs to. */
    public Optional<String> tableOfIndex(String index) throws SQLException {
        List<List<String>> rows = readOnly("select c.relname from pg_index i join pg_class c on c.oid = i.indrelid "
                + "where i.indexrelid = to_regclass('" + index.replace("'", "''") + "')", false);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).get(0));
    }

    /** The column's type as {@code format_type} prints it, e.g. {@code character varying(255)}. */
    public Optional<String> columnType(String table, String column) throws SQLException {
        List<List<String>> rows = readOnly("select format_type(a.atttypid, a.atttypmod) from pg_attribute a "
                + "where a.attrelid = to_regclass('" + table.replace("'", "''") + "') and a.attname = '" + column.replace("'", "''")
                + "' and not a.attisdropped", false);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).get(0));
    }

    /** Whether a domain of that name has a constraint (CHECK or NOT NULL). */
    public boolean domainHasConstraints(String domain) throws SQLException {
        return !readOnly("select 1 from pg_type t where t.typtype = 'd' and t.typname = " + literal(domain)
                + " and (t.typnotnull or exists (select 1 from pg_constraint c where c.contypid = t.oid))", false).isEmpty();
    }

    /** The volatility of a function of that name outside pg_catalog: {@code volatile}, {@code stable} or {@code immutable}. */
    public Optional<String> functionVolatility(String function) throws SQLException {
        List<List<String>> rows = readOnly("select case p.provolatile when 'i' then 'immutable' when 's' then 'stable' else 'volatile' end "
                + "from pg_proc p join pg_namespace n on n.oid = p.pronamespace where p.proname = " + literal(function)
                + " and n.nspname not in ('pg_catalog', 'information_schema') order by p.provolatile desc limit 1", false);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0).get(0));
    }

    /** Whether the table has a validated CHECK whose whole condition is {@code column IS NOT NULL}, which spares SET NOT NULL its scan. */
    public boolean validatedNotNullCheck(String table, String column) throws SQLException {
        return !readOnly("select 1 from pg_constraint c where c.conrelid = to_regclass(" + literal(Identifiers.quote(table))
                + ") and c.contype = 'c' and c.convalidated and pg_get_constraintdef(c.oid) = 'CHECK (('"
                + " || quote_ident(" + literal(column) + ") || ' IS NOT NULL))'", false).isEmpty();
    }

    private static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private List<List<String>> readOnly(String sql, boolean everyTenant) throws SQLException {
        return RolledBackTransaction.run(connection, () -> {
            try (Statement setup = connection.createStatement()) {
                setup.execute("set transaction read only");
                if (everyTenant) {
                    setup.execute("set local row_security = off");
                }
            }
            return QueryRows.of(connection, sql);
        });
    }
}
