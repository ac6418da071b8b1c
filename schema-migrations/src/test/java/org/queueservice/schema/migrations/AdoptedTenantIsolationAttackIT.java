package org.queueservice.schema.migrations;

import java.sql.SQLException;

import org.queueservice.schema.migrations.provision.TwoTenants;

/**
 * The whole tenant-isolation attack suite on a database that the original Knex migration built (as a
 * non-superuser owner) and adopt converted: it must hold exactly as on a freshly migrated one.
 */
class AdoptedTenantIsolationAttackIT extends TenantIsolationAttackIT {

    @Override
    ConnectionSettings ownerWithTwoTenants() throws SQLException {
        ConnectionSettings owner = database.ownerLogin();
        KnexDatabase.load(owner, KnexDatabase.TENANTS_SERVICE, KnexDatabase.KNEX_BASELINE);
        new QueueSchemaMigrations(owner, MigrationSettings.DEFAULT).adopt();
        execute(TwoTenants.rowsEverywhere().toArray(String[]::new));
        return owner;
    }
}
