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
import org.jooq.impl.DSL;

/** Units of work waiting in, running from or finished in a queue. */
public final class Jobs extends TenantTable {

    /** The documented lifecycle; anything else is rejected by {@code jobs_status_check}. */
    public static final List<String> STATUSES = List.of("pending", "processing", "completed", "failed");

    public final Field<String> queue = column("queue", VARCHAR(255).notNull());
    public final Field<String> type = column("type", VARCHAR(255).notNull());
    public final Field<org.jooq.JSONB> data = column("data", JSONB.notNull().defaultValue(inline(org.jooq.JSONB.valueOf("{}"))));
    public final Field<String> status = column("status", VARCHAR(50).notNull().defaultValue(inline("pending")));
    public final Field<Integer> attempts = column("attempts", INTEGER.notNull().defaultValue(inline(0)));
    public final Field<Integer> maxAttempts = column("max_attempts", INTEGER.notNull().defaultValue(inline(3)));
    public final Field<String> error = column("error", CLOB);
    public final Field<OffsetDateTime> scheduledFor = column("scheduled_for",
            TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()),
            "When the job becomes due; by default when it is created.");
    public final Field<OffsetDateTime> startedAt = column("started_at", TIMESTAMPWITHTIMEZONE);
    public final Field<OffsetDateTime> completedAt = column("completed_at", TIMESTAMPWITHTIMEZONE);

    Jobs() {
        super("jobs", "Jobs of a tenant's queues, from pending through processing to completed or failed.");
    }

    @Override
    protected List<TableConstraint> ownConstraints() {
        return List.of(
                check("status", status.in(STATUSES.stream().map(s -> inline(s)).toList())),
                check("attempts", attempts.ge(inline(0))),
                check("max_attempts", maxAttempts.gt(inline(0))));
    }

    @Override
    public List<TableIndex> indexes() {
        return List.of(
                // Small partial index: only pending jobs, in the order workers claim them.
                index("claim", "claim next due jobs of a queue (FOR UPDATE SKIP LOCKED)",
                        Optional.of(status.eq(inline("pending"))), tenantId, queue, scheduledFor, createdAt),
                index("queue_status", "count jobs by status for a queue", Optional.empty(), tenantId, queue, status),
                index("stuck", "processing jobs started before a cutoff",
                        Optional.of(status.eq(inline("processing"))), tenantId, startedAt),
                index("finished", "purge finished jobs older than a date",
                        Optional.of(status.in(inline("completed"), inline("failed"))), tenantId, completedAt));
    }
}
