package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import org.jooq.Condition;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/** The token buckets every deployment starts with, owned by the platform's system tenant (spec section 2). */
public final class RateLimiterSeed {

    public static final UUID DEFAULT_SYSTEM_TENANT = UUID.fromString("00000000-0000-0000-0000-000000000001");

    /** One external provider: bucket size, starting tokens and refill rate per second are the same number. */
    public record Provider(String serviceName, int tokensPerSecond, int maxConcurrent) {
    }

    public static final List<Provider> PROVIDERS = List.of(
            new Provider("stripe", 100, 10),
            new Provider("twilio", 10, 5),
            new Provider("sendgrid", 50, 10),
            new Provider("solana_rpc", 25, 5));

    private static final RateLimiters T = QueueSchema.RATE_LIMITERS;

    private RateLimiterSeed() {
    }

    /** Exactly the seeded rows: the system tenant's rows for the seeded providers. */
    public static Condition isSeedRow(UUID systemTenant) {
        return T.tenantId.eq(inline(systemTenant))
                .and(T.serviceName.in(PROVIDERS.stream().map(p -> inline(p.serviceName())).toList()));
    }

    static List<SchemaStep> insert(UUID systemTenant) {
        var insert = DSL.insertInto(T.table(), T.tenantId, T.serviceName, T.tokensAvailable, T.maxConcurrent,
                T.refillRate, T.bucketSize);
        for (Provider p : PROVIDERS) {
            BigDecimal rate = BigDecimal.valueOf(p.tokensPerSecond());
            insert = insert.values(inline(systemTenant), inline(p.serviceName()), inline(rate),
                    inline(p.maxConcurrent()), inline(rate), inline(p.tokensPerSecond()));
        }
        return List.of(
                SchemaStep.of("ensure system tenant " + systemTenant + " exists",
                        DSL.insertInto(Tenants.TABLE, Tenants.ID, Tenants.TENANT_NAME)
                                .values(inline(systemTenant), inline("system"))
                                .onConflict(Tenants.ID).doNothing()),
                SchemaStep.of("seed rate_limiters for " + PROVIDERS.size() + " providers",
                        actAsTenant(systemTenant),
                        // DO NOTHING: a second seeding neither duplicates nor overwrites an operator's tuning.
                        insert.onConflict(T.tenantId, T.serviceName).doNothing()));
    }

    static List<SchemaStep> delete(UUID systemTenant) {
        // The system tenant row is ours to delete only in a tenants table we created, and only while no
        // row of any tenant table still belongs to it (the foreign keys restrict, they never cascade).
        Condition unreferenced = DSL.and(QueueSchema.TABLES.stream()
                .map(table -> DSL.notExists(DSL.selectOne().from(table.table())
                        .where(table.tenantId.eq(inline(systemTenant)))))
                .toList());
        return List.of(
                SchemaStep.of("delete the seeded rate_limiters rows",
                        actAsTenant(systemTenant),
                        DSL.deleteFrom(T.table()).where(isSeedRow(systemTenant))),
                SchemaStep.onlyIf(Tenants.createdByUs().and(unreferenced),
                        "delete system tenant " + systemTenant + " from the tenants table queue-schema created",
                        DSL.deleteFrom(Tenants.TABLE).where(Tenants.ID.eq(inline(systemTenant)))));
    }

    /** Under FORCE ROW LEVEL SECURITY even the owner must name the tenant whose rows it writes. */
    private static Query actAsTenant(UUID tenant) {
        return DSL.select(DSL.function("set_config", SQLDataType.VARCHAR,
                inline(TenantIsolation.SETTING), inline(tenant.toString()), inline(true)));
    }
}
