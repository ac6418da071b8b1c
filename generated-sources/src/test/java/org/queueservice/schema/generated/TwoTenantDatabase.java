package org.queueservice.schema.generated;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import org.postgresql.ds.PGSimpleDataSource;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.QueueSchemaMigrations;
import org.queueservice.schema.migrations.provision.ScratchDatabase;
import org.queueservice.schema.migrations.provision.TwoTenants;

/** A scratch database migrated by schema-migrations with the two tenants of {@link TwoTenants}, for one test class. */
final class TwoTenantDatabase implements AutoCloseable {

    static final UUID ACME = TwoTenants.ACME;
    static final UUID GLOBEX = TwoTenants.GLOBEX;

    private final ScratchDatabase database;

    TwoTenantDatabase(String purpose) throws SQLException {
        database = ScratchDatabase.create(purpose);
        new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT).migrate();
        execute(TwoTenants.tenants());
    }

    /** Runs SQL as the superuser that created the database (row-level security does not apply to it). */
    void execute(String sql) throws SQLException {
        try (Connection c = database.open(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** A new login that is only a member of {@code groupRole}. */
    ConnectionSettings login(String groupRole) {
        return database.loginAs(groupRole);
    }

    static PGSimpleDataSource dataSource(ConnectionSettings login) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(login.url());
        dataSource.setUser(login.user());
        dataSource.setPassword(login.password());
        return dataSource;
    }

    @Override
    public void close() {
        database.close();
    }
}
