package org.queueservice.schema.migrations.citus;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.Tenants;

/** What the catalog says about Citus on a database: the extension, the tenant tables and how each is distributed. */
public final class CitusCatalog {

    /** The distribution column of every tenant table. */
    public static final String DISTRIBUTION_COLUMN = TableDefinition.TENANT_ID.getName();
    /** The table every other tenant table is colocated with: the busiest one, distributed first. */
    public static final String ANCHOR = QueueSchema.JOBS.tableName();
    /** The table every tenant table references: a reference table, copied to every node. */
    public static final String TENANTS = Tenants.NAME.first();

    /**
     * Citus refuses triggers on distributed tables without it; migrate and distribute set it on for the database,
     * so that later versions, applied on Flyway's own sessions, may create and change them.
     */
    public static final String UNSAFE_TRIGGERS = "citus.enable_unsafe_triggers";

    private CitusCatalog() {
    }

    /** The installed version of the citus extension ({@code 13.2-1}), empty on plain PostgreSQL. */
    public static Optional<String> extensionVersion(Connection c) throws SQLException {
        return QueryRows.of(c, "select extversion from pg_extension where extname = 'citus'").stream().map(r -> r.get(0)).findFirst();
    }

    /**
     * The tables of schema public with a {@code tenant_id} column, other than tenants: every tenant table,
     * including one a later version adds. The anchor first, then by name.
     */
    public static List<String> tenantTables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        for (List<String> row : QueryRows.of(c, "select c.relname from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                + "join pg_attribute a on a.attrelid = c.oid and a.attname = ? and not a.attisdropped "
                + "where n.nspname = 'public' and c.relkind in ('r', 'p') and c.relname <> ? "
                + "order by c.relname <> ?, c.relname", DISTRIBUTION_COLUMN, TENANTS, ANCHOR)) {
            tables.add(row.get(0));
        }
        return tables;
    }

    /** Whether {@link #UNSAFE_TRIGGERS} is on for the current database as its default (ALTER DATABASE ... SET). */
    public static boolean unsafeTriggersOnForDatabase(Connection c) throws SQLException {
        return "t".equals(QueryRows.of(c, "select exists (select 1 from pg_db_role_setting s join pg_database d on d.oid = s.setdatabase "
                + "where d.datname = current_database() and s.setrole = 0 and ? || '=on' = any(s.setconfig))", UNSAFE_TRIGGERS).get(0).get(0));
    }

    /** A primary key, unique constraint or unique index of a table, and whether {@code tenant_id} is among its key columns. */
    public record UniqueKey(String table, String index, boolean holdsDistributionColumn) {
    }

    /**
     * Every unique index (primary keys and unique constraints included) of {@code tables} in schema public, by table
     * and name: a shard can enforce uniqueness only within itself, so on a distributed table each must hold the
     * distribution column among its key columns. An INCLUDE column does not count, for Citus as for uniqueness:
     * indkey lists it after the indnkeyatts key columns (int2vector is 0-based).
     */
    public static List<UniqueKey> uniqueKeys(Connection c, List<String> tables) throws SQLException {
        List<UniqueKey> keys = new ArrayList<>();
        for (List<String> row : QueryRows.of(c, "select t.relname, i.relname, exists (select 1 from pg_attribute a "
                + "where a.attrelid = t.oid and a.attname = ? and a.attnum = any((x.indkey::int2[])[0:x.indnkeyatts - 1])) "
                + "from pg_index x join pg_class t on t.oid = x.indrelid join pg_class i on i.oid = x.indexrelid "
                + "join pg_namespace n on n.oid = t.relnamespace "
                + "where n.nspname = 'public' and t.relname = any(?::text[]) and x.indisunique order by 1, 2",
                DISTRIBUTION_COLUMN, c.createArrayOf("text", tables.toArray()))) {
            keys.add(new UniqueKey(row.get(0), row.get(1), "t".equals(row.get(2))));
        }
        return keys;
    }

    /**
     * How each table of schema public is placed: distributed (by which column), reference, a Citus local table
     * or a plain local one; empty on plain PostgreSQL.
     */
    public static List<TableDistribution> distributions(Connection c) throws SQLException {
        if (extensionVersion(c).isEmpty()) {
            return List.of();
        }
        List<TableDistribution> tables = new ArrayList<>();
        for (List<String> row : QueryRows.of(c, "select c.relname, "
                + "case when p.logicalrelid is null then 'local' when p.partmethod = 'h' then 'distributed' "
                + "when p.repmodel = 't' then 'reference' else 'citus local' end, "
                + "case when p.partmethod = 'h' then column_to_column_name(p.logicalrelid, p.partkey) end, "
                + "coalesce(p.colocationid, 0), "
                + "(select count(*) from pg_dist_shard s where s.logicalrelid = c.oid) "
                + "from pg_class c join pg_namespace n on n.oid = c.relnamespace "
                + "left join pg_dist_partition p on p.logicalrelid = c.oid "
                + "where n.nspname = 'public' and c.relkind in ('r', 'p') order by c.relname")) {
            tables.add(new TableDistribution(row.get(0), row.get(1), Optional.ofNullable(row.get(2)), Integer.parseInt(row.get(3)),
                    Integer.parseInt(row.get(4))));
        }
        return tables;
    }
}
