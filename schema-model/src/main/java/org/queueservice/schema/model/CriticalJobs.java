package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.JSONB;
import static org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.jooq.Field;

/** Durable backup of jobs that must not be lost, claimed by priority. */
public final class CriticalJobs extends TenantTable {

    public final Field<String> queueName = column("queue_name", VARCHAR(255).notNull());
    public final Field<String> jobType = column("job_type", VARCHAR(255).notNull());
    public final Field<org.jooq.JSONB> data = column("data", JSONB.notNull().defaultValue(inline(org.jooq.JSONB.valueOf("{}"))));
    public final Field<Integer> priority = column("priority", INTEGER.notNull().defaultValue(inline(0)),
            "Higher runs first.");
    public final Field<String> idempotencyKey = column("idempotency_key", VARCHAR(255));
    public final Field<String> status = column("status", VARCHAR(50).notNull().defaultValue(inline("pending")));
    public final Field<Integer> attempts = column("attempts", INTEGER.notNull().defaultValue(inline(0)));
    public final Field<Integer> maxAttempts = column("max_attempts", INTEGER.notNull().defaultValue(inline(5)));
    public final Field<String> error = column("error", CLOB);
    public final Field<OffsetDateTime> startedAt = column("started_at", TIMESTAMPWITHTIMEZONE);
    public final Field<OffsetDateTime> completedAt = column("completed_at", TIMESTAMPWITHTIMEZONE);

    CriticalJobs() {
        super("critical_jobs", "Jobs that must survive a queue outage, claimed by priority.");
    }

    @Override
    protected List<TableConstraint> ownConstraints() {
        return List.of(
                uniquePerTenant(idempotencyKey),
                check("status", status.in(Jobs.STATUSES.stream().map(s -> inline(s)).toList())),
                check("attempts", attempts.ge(inline(0))),
                check("max_attempts", maxAttempts.gt(inline(0))));
    }

    @Override
    public List<TableIndex> indexes() {
        // Lookup by idempotency_key is served by the (tenant_id, idempotency_key) unique constraint.
        return List.of(index("claim", "claim next pending job of a queue by priority",
                Optional.of(status.eq(inline("pending"))), tenantId, queueName, priority.desc(), createdAt));
    }
}
