package org.queueservice.schema.migrations;

import java.util.List;

import org.queueservice.schema.model.RateLimiterSeed.Provider;
import org.queueservice.schema.model.RateLimiterSeed;
import org.queueservice.schema.model.SchemaStep;

/**
 * The system tenant's token buckets for the external providers, as released in 1.0.0 and frozen. A later
 * change of the model's providers becomes a new version that updates these rows.
 */
public final class V3__Seed_rate_limiters extends SchemaMigration {

    static final List<Provider> PROVIDERS = List.of(
            new Provider("stripe", 100, 10),
            new Provider("twilio", 10, 5),
            new Provider("sendgrid", 50, 10),
            new Provider("solana_rpc", 25, 5));

    @Override
    public List<SchemaStep> up(MigrationSettings settings) {
        return RateLimiterSeed.insert(settings.systemTenant(), PROVIDERS);
    }

    @Override
    public List<SchemaStep> down(MigrationSettings settings) {
        return RateLimiterSeed.delete(settings.systemTenant(), PROVIDERS, V1__Create_queue_tables.TABLES,
                RecordedSettings.systemTenantSeeded());
    }
}
