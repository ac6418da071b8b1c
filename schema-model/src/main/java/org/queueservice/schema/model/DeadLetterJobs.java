package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.JSONB;
import static org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE;
import static org.jooq.impl.SQLDataType.UUID;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.jooq.Field;
import org.jooq.impl.DSL;

/** Jobs that exhausted their attempts, kept for inspection and replay. */
public final class DeadLetterJobs extends TenantTable {

    public final Field<String> queueName = column("queue_name", VARCHAR(255).notNull());
    public final Field<String> jobType = column("job_type", VARCHAR(255).notNull());
    public final Field<org.jooq.JSONB> jobData = column("job_data", JSONB.notNull().defaultValue(inline(org.jooq.JSONB.valueOf("{}"))));
    public final Field<String> error = column("error", CLOB);
    public final Field<Integer> attempts = column("attempts", INTEGER.notNull().defaultValue(inline(0)));
    public final Field<java.util.UUID> originalJobId = column("original_job_id", UUID,
            "Id of the job in jobs or critical_jobs; no foreign key because that row is usually purged.");
    public final Field<OffsetDateTime> failedAt = column("failed_at",
            TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()));

    DeadLetterJobs() {
        super("dead_letter_jobs", "Jobs that exhausted their attempts, kept for inspection and replay.");
    }

    @Override
    protected List<TableConstraint> ownConstraints() {
        return List.of(check("attempts", attempts.ge(inline(0))));
    }

    @Override
    public List<TableIndex> indexes() {
        return List.of(
                index("queue_job_type", "dead jobs of a queue and type, newest first", Optional.empty(),
                        tenantId, queueName, jobType, createdAt.desc()),
                index("created_at", "purge dead jobs older than a date", Optional.empty(), tenantId, createdAt));
    }
}
