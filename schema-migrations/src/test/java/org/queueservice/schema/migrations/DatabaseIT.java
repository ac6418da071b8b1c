package org.queueservice.schema.migrations;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.queueservice.schema.migrations.catalog.CatalogSnapshot;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.migrations.provision.CitusScratchDatabase;
import org.queueservice.schema.migrations.provision.ScratchDatabase;
import org.queueservice.schema.migrations.provision.TwoTenants;

/** Gives each integration test class its own fresh database, dropped when the class is done. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseIT {

    /** The latest released version, and the one a test generates next: tests must not assume there are three. */
    protected static final int LATEST = Migrations.all().size();
    protected static final int NEXT = LATEST + 1;

    protected ScratchDatabase database;
    /** The same database on every node of the Citus cluster, for a class that runs {@link #onCitus()}; null otherwise. */
    protected CitusScratchDatabase citus;

    /** Whether this class runs on the Citus cluster (docs/running-the-tests.md), with {@link #database} its coordinator's. */
    protected boolean onCitus() {
        return false;
    }

    /** The database of a class that runs {@link #onCitus()}: by default a coordinator with its workers registered. */
    protected CitusScratchDatabase newCitusDatabase(org.queueservice.schema.migrations.provision.CitusCluster cluster) {
        return CitusScratchDatabase.create(cluster, getClass().getSimpleName());
    }

    @BeforeAll
    void createDatabase() {
        if (onCitus()) {
            citus = newCitusDatabase(CitusTestCluster.requireOrSkip());
            database = citus.coordinator();
        } else {
            database = ScratchDatabase.create(getClass().getSimpleName());
        }
    }

    @AfterAll
    void dropDatabase() {
        if (citus != null) {
            citus.close();
        } else if (database != null) { // null when no server could be had: that failure is already reported
            database.close();
        }
    }

    /**
     * Migrates as a login that owns the tables but is not a superuser (as in production, so FORCE ROW
     * LEVEL SECURITY binds it), then loads two tenants' rows everywhere as the superuser. Returns the owner.
     */
    protected ConnectionSettings migrateAsOwnerWithTwoTenants() throws SQLException {
        ConnectionSettings owner = citus != null ? citus.ownerLogin() : database.ownerLogin();
        new QueueSchemaMigrations(owner, MigrationSettings.DEFAULT).migrate();
        execute(TwoTenants.rowsEverywhere().toArray(String[]::new));
        return owner;
    }

    /** A login role in {@code groupRole} only (not owner, not superuser), dropped with the database. */
    protected ConnectionSettings loginAs(String groupRole) {
        return database.loginAs(groupRole);
    }

    /**
     * Empties the test database's schema between tests, leaving it as PostgreSQL 15 creates it: every role
     * may look up names in it (the service role must find the tables). Roles are the cluster's and stay.
     */
    protected void resetSchema() throws SQLException {
        execute("drop schema public cascade", "create schema public", "grant usage on schema public to public");
    }

    protected QueueSchemaMigrations migrations() {
        return new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT);
    }

    /** Today's versions and a generated next one, compiled below {@code workDir}, on the test database. */
    protected QueueSchemaMigrations withNext(org.queueservice.schema.migrations.generate.MigrationGenerator.GeneratedMigration generated,
                                             java.nio.file.Path workDir) {
        List<SchemaMigration> chain = new java.util.ArrayList<>(Migrations.all());
        chain.add(org.queueservice.schema.migrations.generate.MigrationCompiler.load(generated.className(), generated.source(), workDir));
        return new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT, chain);
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
        return QueryRows.of(c, sql, parameters);
    }

    protected void execute(String... statements) throws SQLException {
        try (Connection c = database.open(); var s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }
}
