package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.jooq.Field;

/** Fixed-window rate limits keyed by an arbitrary string. {@code key} and {@code limit} are quoted. */
public final class RateLimits extends TenantTable {

    public final Field<String> key = column("key", VARCHAR(255).notNull());
    public final Field<Integer> limit = column("limit", INTEGER.notNull(), "Requests allowed per window.");
    public final Field<Integer> windowSeconds = column("window_seconds", INTEGER.notNull());
    public final Field<Integer> currentCount = column("current_count", INTEGER.notNull().defaultValue(inline(0)));
    public final Field<OffsetDateTime> resetAt = column("reset_at", TIMESTAMPWITHTIMEZONE.notNull());

    RateLimits() {
        super("rate_limits", "Fixed-window rate limits of a tenant, keyed by an arbitrary string.");
    }

    @Override
    protected List<TableConstraint> ownConstraints() {
        return List.of(
                uniquePerTenant(key),
                check("limit", limit.gt(inline(0))),
                check("window_seconds", windowSeconds.gt(inline(0))),
                check("current_count", currentCount.ge(inline(0))));
    }

    @Override
    public List<TableIndex> indexes() {
        return List.of(index("reset_at", "windows to reset (reset_at < now())", Optional.empty(), tenantId, resetAt));
    }
}
