package org.queueservice.schema.migrations;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.internal.QueryRows;

/**
 * The fixture of the adoption tests: a database as the original Knex migration left it (SQL in test
 * resources, also loaded by bench/adopt-knex.sh), rows of three tenants, and what the tests compare.
 */
public final class KnexDatabase {

    public static final String TENANTS_SERVICE = "adopt/tenants-service.sql";
    public static final String KNEX_BASELINE = "adopt/knex-baseline.sql";
    public static final String KNEX_ROWS = "adopt/knex-rows.sql";
    static final List<String> KNEX_TABLES = List.of("knex_migrations_queue", "knex_migrations_queue_lock");

    private KnexDatabase() {
    }

    public static void load(ConnectionSettings database, String... resources) throws SQLException {
        try (Connection c = database.open(); Statement s = c.createStatement()) {
            for (String resource : resources) {
                s.execute(read(resource));
            }
        }
    }

    private static String read(String resource) {
        try (InputStream in = KnexDatabase.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The catalog without Knex's bookkeeping tables, which adopt leaves in place. */
    static SchemaCatalog catalogWithoutKnexTables(Connection c) {
        SchemaCatalog catalog = SchemaCatalog.read(c);
        Map<String, SchemaCatalog.Table> tables = new TreeMap<>(catalog.tables());
        KNEX_TABLES.forEach(tables::remove);
        return new SchemaCatalog(tables, catalog.functions());
    }

    /** Every row of every table as jsonb text, sorted, read by a superuser (row-level security does not apply). */
    static Map<String, List<String>> rows(Connection c, List<String> tables, String except) throws SQLException {
        Map<String, List<String>> rows = new TreeMap<>();
        for (String table : tables) {
            List<String> values = new ArrayList<>();
            for (List<String> row : QueryRows.of(c, "select (to_jsonb(t) - ?::text)::text from " + table + " t order by 1", except)) {
                values.add(row.get(0));
            }
            rows.put(table, values);
        }
        return rows;
    }
}
