package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.jooq.Field;
import org.jooq.impl.DSL;

/** Periodic snapshots of queue depth. */
public final class QueueMetrics extends TenantTable {

    public final Field<String> queueName = column("queue_name", VARCHAR(255).notNull());
    public final Field<Integer> waitingCount = column("waiting_count", INTEGER.notNull().defaultValue(inline(0)));
    public final Field<Integer> activeCount = column("active_count", INTEGER.notNull().defaultValue(inline(0)));
    public final Field<Integer> completedCount = column("completed_count", INTEGER.notNull().defaultValue(inline(0)));
    public final Field<Integer> failedCount = column("failed_count", INTEGER.notNull().defaultValue(inline(0)));
    public final Field<OffsetDateTime> capturedAt = column("captured_at",
            TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()));

    QueueMetrics() {
        super("queue_metrics", "Periodic snapshots of a queue's job counts.");
    }

    @Override
    protected List<TableConstraint> ownConstraints() {
        return nonNegative(List.of(waitingCount, activeCount, completedCount, failedCount));
    }

    @Override
    public List<TableIndex> indexes() {
        return List.of(
                index("queue_captured_at", "latest snapshots of a queue", Optional.empty(),
                        tenantId, queueName, capturedAt.desc()),
                index("captured_at", "purge snapshots older than a date", Optional.empty(), tenantId, capturedAt));
    }
}
