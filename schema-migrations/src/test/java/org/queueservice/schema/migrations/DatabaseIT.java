package org.queueservice.schema.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.queueservice.schema.migrations.provision.ScratchDatabase;

/** Gives each integration test class its own fresh database, dropped when the class is done. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseIT {

    protected ScratchDatabase database;

    @BeforeAll
    void createDatabase() {
        database = ScratchDatabase.create(getClass().getSimpleName());
    }

    @AfterAll
    void dropDatabase() {
        database.close();
    }

    /** A login role in {@code groupRole} only (not owner, not superuser), dropped with the database. */
    protected ConnectionSettings loginAs(String groupRole) {
        return database.loginAs(groupRole);
    }

    protected QueueSchemaMigrations migrations() {
        return new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT);
    }

    protected String snapshot() throws SQLException {
        try (Connection c = database.open()) {
            return CatalogSnapshot.of(c);
        }
    }

    /** Rows of a query as lists of strings, as the superuser that owns the test database. */
    protected List<List<String>> rows(String sql, Object... parameters) throws SQLException {
        try (Connection c = database.open()) {
            return rows(c, sql, parameters);
        }
    }

    static List<List<String>> rows(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                int width = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= width; i++) {
                        row.add(result.getString(i));
                    }
                    rows.add(row);
                }
            }
            return rows;
        }
    }

    protected void execute(String... statements) throws SQLException {
        try (Connection c = database.open(); var s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
