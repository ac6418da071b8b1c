package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The token buckets every deployment starts with, owned by the platform's system tenant. The statements
 * name rate_limiters' columns literally rather than through the table class: released migrations call
 * them with the provider list of their day, and a later change to the table class must not alter them.
 */
public final class RateLimiterSeed {

    public static final UUID DEFAULT_SYSTEM_TENANT = UUID.fromString("00000000-0000-0000-0000-000000000001");

    /** The name the seed gives the system tenant's row in tenants. */
    static final String SYSTEM_TENANT_NAME = "system";

    /** One external provider: bucket size, starting tokens and refill rate per second are the same number. */
    public record Provider(String serviceName, int tokensPerSecond, int maxConcurrent) {
    }

    /** The providers the model seeds today. */
    public static final List<Provider> PROVIDERS = List.of(
            new Provider("stripe", 100, 10),
            new Provider("twilio", 10, 5),
            new Provider("sendgrid", 50, 10),
            new Provider("solana_rpc", 25, 5));

    public static final Name TABLE = name("rate_limiters");
    static final Field<UUID> TENANT_ID = DSL.field(name("tenant_id"), SQLDataType.UUID);
    static final Field<String> SERVICE_NAME = DSL.field(name("service_name"), SQLDataType.VARCHAR);
    static final Field<BigDecimal> TOKENS_AVAILABLE = DSL.field(name("tokens_available"), SQLDataType.NUMERIC);
    static final Field<Integer> MAX_CONCURRENT = DSL.field(name("max_concurrent"), SQLDataType.INTEGER);
    static final Field<BigDecimal> REFILL_RATE = DSL.field(name("refill_rate"), SQLDataType.NUMERIC);
    static final Field<Integer> BUCKET_SIZE = DSL.field(name("bucket_size"), SQLDataType.INTEGER);

    private RateLimiterSeed() {
    }

    /** The system tenant's rows for the given providers, whatever their values now. */
    private static Condition isSeedRow(UUID systemTenant, List<Provider> providers) {
        return TENANT_ID.eq(inline(systemTenant))
                .and(SERVICE_NAME.in(providers.stream().map(p -> inline(p.serviceName())).toList()));
    }

    /** The seeded rows that still hold exactly the seeded values: an operator's tuning makes a row data. */
    public static Condition isUnchangedSeedRow(UUID systemTenant, List<Provider> providers) {
        return DSL.or(providers.stream().map(p -> isExactly(systemTenant, p)).toList());
    }

    /** The system tenant's row as the seed created it: an operator's rename makes it data. */
    public static Condition isUnchangedSystemTenant(UUID systemTenant) {
        return Tenants.ID.eq(inline(systemTenant)).and(Tenants.TENANT_NAME.eq(inline(SYSTEM_TENANT_NAME)));
    }

    /** The system tenant if absent, then one row per provider unless the system tenant has it already. */
    public static List<SchemaStep> insert(UUID systemTenant, List<Provider> providers) {
        var insert = DSL.insertInto(DSL.table(TABLE), TENANT_ID, SERVICE_NAME, TOKENS_AVAILABLE, MAX_CONCURRENT,
                REFILL_RATE, BUCKET_SIZE);
        for (Provider p : providers) {
            BigDecimal rate = BigDecimal.valueOf(p.tokensPerSecond());
            insert = insert.values(inline(systemTenant), inline(p.serviceName()), inline(rate),
                    inline(p.maxConcurrent()), inline(rate), inline(p.tokensPerSecond()));
        }
        return List.of(
                SchemaStep.of("ensure system tenant " + systemTenant + " exists",
                        DSL.insertInto(Tenants.TABLE, Tenants.ID, Tenants.TENANT_NAME)
                                .values(inline(systemTenant), inline(SYSTEM_TENANT_NAME))
                                .onConflict(Tenants.ID).doNothing()),
                SchemaStep.of("seed rate_limiters for " + providers.size() + " providers",
                        actAsTenant(systemTenant),
                        // DO NOTHING: a second seeding neither duplicates nor overwrites an operator's tuning.
                        insert.onConflict(TENANT_ID, SERVICE_NAME).doNothing()));
    }

    /**
     * The seeded rows still exactly as seeded, then the system tenant if queue-schema created tenants or
     * {@code seededByUs} says the seed inserted that row, nothing references it and it is still as seeded. A
     * seed row an operator changed is data: it stays, and rollback reports it.
     *
     * @param seededByUs true when the system tenant's row was inserted by the seed, not by the tenants service
     *                   (which may have had it before): decided by the migrations, which record it
     */
    public static List<SchemaStep> delete(UUID systemTenant, List<Provider> providers, List<Name> tenantTables,
                                          Condition seededByUs) {
        // The system tenant row is ours to delete only in a tenants table we created or when we inserted it
        // into the tenants service's table, and only while no row of any tenant table still belongs to it
        // (the foreign keys restrict, they never cascade).
        Condition unreferenced = DSL.and(tenantTables.stream()
                .map(table -> DSL.notExists(DSL.selectOne().from(DSL.table(table))
                        .where(TableDefinition.TENANT_ID.eq(inline(systemTenant)))))
                .toList());
        Condition unchanged = isUnchangedSeedRow(systemTenant, providers);
        return List.of(
                SchemaStep.of("delete the seeded rate_limiters rows that are still as seeded",
                                actAsTenant(systemTenant),
                                DSL.deleteFrom(DSL.table(TABLE)).where(unchanged))
                        .keeping(new KeptRows(TABLE, isSeedRow(systemTenant, providers).andNot(unchanged), SERVICE_NAME,
                                "rate_limiters rows of the system tenant changed since they were seeded")),
                SchemaStep.onlyIf(Tenants.createdByUs().or(seededByUs),
                                "delete system tenant " + systemTenant + " from tenants if queue-schema created the table "
                                        + "or inserted the row, still as seeded and unreferenced",
                                DSL.deleteFrom(Tenants.TABLE).where(isUnchangedSystemTenant(systemTenant)).and(unreferenced))
                        .keeping(new KeptRows(Tenants.NAME, Tenants.ID.eq(inline(systemTenant)).andNot(isUnchangedSystemTenant(systemTenant)),
                                Tenants.TENANT_NAME, "system tenant renamed since it was seeded")));
    }

    /** Seeds one more provider for the system tenant, unless it has a row for it already. */
    public static SchemaStep insertProvider(UUID systemTenant, Provider provider) {
        SchemaStep seed = insert(systemTenant, List.of(provider)).get(1);
        return SchemaStep.of("seed rate limiter " + provider.serviceName(), seed.statements());
    }

    /**
     * Changes a seeded provider's row from {@code from} to {@code to}, only while the row is still exactly as
     * seeded: an operator's tuning is never overwritten (the row is then left, and the change is moot).
     */
    public static SchemaStep updateProvider(UUID systemTenant, Provider from, Provider to) {
        BigDecimal rate = BigDecimal.valueOf(to.tokensPerSecond());
        return SchemaStep.of("rate limiter " + from.serviceName() + " from " + describe(from) + " to " + describe(to)
                        + " unless tuned",
                actAsTenant(systemTenant),
                DSL.update(DSL.table(TABLE))
                        .set(SERVICE_NAME, inline(to.serviceName()))
                        .set(TOKENS_AVAILABLE, inline(rate))
                        .set(REFILL_RATE, inline(rate))
                        .set(BUCKET_SIZE, inline(to.tokensPerSecond()))
                        .set(MAX_CONCURRENT, inline(to.maxConcurrent()))
                        .where(isExactly(systemTenant, from)));
    }

    /** Deletes a seeded provider's row, only while it is still exactly as seeded. */
    public static SchemaStep deleteProvider(UUID systemTenant, Provider provider) {
        return SchemaStep.of("delete rate limiter " + provider.serviceName() + " unless tuned",
                actAsTenant(systemTenant),
                DSL.deleteFrom(DSL.table(TABLE)).where(isExactly(systemTenant, provider)));
    }

    private static Condition isExactly(UUID systemTenant, Provider provider) {
        BigDecimal rate = BigDecimal.valueOf(provider.tokensPerSecond());
        return TENANT_ID.eq(inline(systemTenant))
                .and(SERVICE_NAME.eq(inline(provider.serviceName())))
                .and(TOKENS_AVAILABLE.eq(inline(rate)))
                .and(REFILL_RATE.eq(inline(rate)))
                .and(BUCKET_SIZE.eq(inline(provider.tokensPerSecond())))
                .and(MAX_CONCURRENT.eq(inline(provider.maxConcurrent())));
    }

    private static String describe(Provider provider) {
        return provider.tokensPerSecond() + "/s, " + provider.maxConcurrent() + " concurrent";
    }

    /** Under FORCE ROW LEVEL SECURITY even the owner must name the tenant whose rows it writes. */
    public static Query actAsTenant(UUID tenant) {
        return DSL.select(DSL.function("set_config", SQLDataType.VARCHAR,
                inline(TenantIsolation.SETTING), inline(tenant.toString()), inline(true)));
    }
}
