package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.NUMERIC;
import static org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import org.jooq.Field;
import org.jooq.impl.DSL;

/** Token-bucket state per external service (Stripe, Twilio, ...). */
public final class RateLimiters extends TenantTable {

    public final Field<String> serviceName = column("service_name", VARCHAR(255).notNull());
    public final Field<BigDecimal> tokensAvailable = column("tokens_available", NUMERIC(10, 2).notNull());
    public final Field<Integer> concurrentRequests = column("concurrent_requests", INTEGER.notNull().defaultValue(inline(0)));
    public final Field<Integer> maxConcurrent = column("max_concurrent", INTEGER.notNull());
    public final Field<BigDecimal> refillRate = column("refill_rate", NUMERIC(10, 2).notNull(), "Tokens added per second.");
    public final Field<Integer> bucketSize = column("bucket_size", INTEGER.notNull());
    public final Field<OffsetDateTime> lastRefill = column("last_refill",
            TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()));

    RateLimiters() {
        super("rate_limiters", "Token-bucket state per external service that jobs call.");
    }

    @Override
    protected List<TableConstraint> ownConstraints() {
        return List.of(
                uniquePerTenant(serviceName),
                check("tokens_available", tokensAvailable.between(inline(BigDecimal.ZERO), bucketSize.cast(NUMERIC(10, 2)))),
                check("refill_rate", refillRate.gt(inline(BigDecimal.ZERO))),
                check("bucket_size", bucketSize.gt(inline(0))),
                check("max_concurrent", maxConcurrent.gt(inline(0))),
                check("concurrent_requests", concurrentRequests.ge(inline(0))));
    }

    @Override
    public List<TableIndex> indexes() {
        // Lookup by service_name is served by the (tenant_id, service_name) unique constraint.
        return List.of();
    }
}
