package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.SQLDataType.JSONB;
import static org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.jooq.Field;
import org.jooq.impl.DSL;

/** Results of already-processed requests, so a retried request is answered instead of re-run. */
public final class IdempotencyKeys extends TenantTable {

    public final Field<String> key = column("key", VARCHAR(255).notNull());
    public final Field<String> queueName = column("queue_name", VARCHAR(255).notNull());
    public final Field<String> jobType = column("job_type", VARCHAR(255).notNull());
    public final Field<org.jooq.JSONB> result = column("result", JSONB.notNull().defaultValue(inline(org.jooq.JSONB.valueOf("{}"))));
    public final Field<OffsetDateTime> processedAt = column("processed_at",
            TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()));
    public final Field<OffsetDateTime> expiresAt = column("expires_at", TIMESTAMPWITHTIMEZONE.notNull());

    IdempotencyKeys() {
        super("idempotency_keys", "Results of processed requests, kept until expires_at so retries are answered, not re-run.");
    }

    @Override
    protected List<TableConstraint> ownConstraints() {
        return List.of(uniquePerTenant(key));
    }

    @Override
    public List<TableIndex> indexes() {
        // Lookup by key is served by the (tenant_id, key) unique constraint. The expiry sweep is
        // system-wide (maintenance role, every tenant), so this index deliberately does not lead with tenant_id.
        return List.of(index("expires_at", "system-wide expiry sweep (expires_at < now())", Optional.empty(), expiresAt));
    }
}
