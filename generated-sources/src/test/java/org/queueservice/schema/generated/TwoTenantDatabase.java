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

/** A scratch database migrated by schema-migrations with two tenants, Acme and Globex, for one test class. */
final class TwoTenantDatabase implements AutoCloseable {

    static final UUID ACME = UUID.fromString("a0000000-0000-0000-0000-00000000000a");
    static final UUID GLOBEX = UUID.fromString("b0000000-0000-0000-0000-00000000000b");

    private final ScratchDatabase database;

    TwoTenantDatabase(String purpose) throws SQLException {
        database = ScratchDatabase.create(purpose);
        new QueueSchemaMigrations(database.settings(), MigrationSettings.DEFAULT).migrate();
        execute("insert into tenants (id, name) values ('" + ACME + "', 'acme'), ('" + GLOBEX + "', 'globex')");
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
