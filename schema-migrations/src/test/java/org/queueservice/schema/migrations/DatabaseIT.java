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
    private final List<String> loginRoles = new ArrayList<>();

    @BeforeAll
    void createDatabase() {
        database = ScratchDatabase.create(getClass().getSimpleName());
    }

    @AfterAll
    void dropDatabase() throws SQLException {
        database.close();
        try (Connection c = database.admin().open(); var s = c.createStatement()) {
            for (String role : loginRoles) {
                s.execute("drop role if exists " + role);
            }
        }
    }

    /**
     * A login role that is a member of {@code groupRole} and nothing else: neither superuser nor owner,
     * so row-level security applies to it. Dropped with the database.
     */
    protected ConnectionSettings loginAs(String groupRole) throws SQLException {
        String prefix = "qs_login_" + database.name();
        String role = prefix.substring(0, Math.min(prefix.length(), 50)) + "_" + loginRoles.size();
        String password = "pw-" + java.util.UUID.randomUUID();
        try (Connection c = database.admin().open(); var s = c.createStatement()) {
            s.execute("create role " + role + " login password '" + password + "' in role " + groupRole);
        }
        loginRoles.add(role);
        return new ConnectionSettings(database.settings().url(), role, password);
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
