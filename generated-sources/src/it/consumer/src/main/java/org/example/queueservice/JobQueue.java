package org.example.queueservice;

import static org.queueservice.schema.generated.Tables.DEAD_LETTER_JOBS;
import static org.queueservice.schema.generated.Tables.JOBS;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.queueservice.schema.generated.enums.JobStatus;
import org.queueservice.schema.generated.tables.records.JobsRecord;
import org.queueservice.schema.tenant.TenantContext;

/** A job's life cycle through the generated classes, one tenant transaction per step. */
public final class JobQueue {

    private final TenantContext tenants;

    public JobQueue(TenantContext tenants) {
        this.tenants = tenants;
    }

    // docs example
    /** Adds a job, due now. */
    public UUID enqueue(UUID tenant, String queue, String type, JSONB data, int maxAttempts) {
        return tenants.inTenant(tenant, dsl -> dsl.insertInto(JOBS)
                .set(JOBS.TENANT_ID, tenant).set(JOBS.QUEUE, queue).set(JOBS.TYPE, type)
                .set(JOBS.DATA, data).set(JOBS.MAX_ATTEMPTS, maxAttempts)
                .returning(JOBS.ID).fetchOne(JOBS.ID));
    }

    /** Claims the next due job of a queue in its own transaction; empty when none is due. */
    public Optional<JobsRecord> claim(UUID tenant, String queue) {
        return tenants.inTenant(tenant, dsl -> claim(dsl, tenant, queue));
    }

    /**
     * Claims the next due job of a queue in the caller's transaction. SKIP LOCKED passes over jobs that
     * other workers are claiming at this moment, so concurrent workers never wait for or take the same job.
     * Every query names its tenant: on Citus that routes it to the one shard that holds the tenant (row-level
     * security adds the same condition, but Citus does not route on it), and the claim is one range of
     * jobs_claim_idx, read in order up to its LIMIT.
     */
    public Optional<JobsRecord> claim(DSLContext dsl, UUID tenant, String queue) {
        Optional<JobsRecord> next = dsl.selectFrom(JOBS)
                .where(JOBS.TENANT_ID.eq(tenant), JOBS.QUEUE.eq(queue), JOBS.STATUS.eq(JobStatus.PENDING),
                        JOBS.SCHEDULED_FOR.le(DSL.currentOffsetDateTime()))
                .orderBy(JOBS.SCHEDULED_FOR, JOBS.CREATED_AT)
                .limit(1)
                .forUpdate().skipLocked()
                .fetchOptional();
        next.ifPresent(job -> {
            job.setStatus(JobStatus.PROCESSING);
            job.setAttempts(job.getAttempts() + 1);
            job.setStartedAt(OffsetDateTime.now());
            job.update();
        });
        return next;
    }

    /** Marks a claimed job done. */
    public void complete(UUID tenant, UUID jobId) {
        tenants.inTenant(tenant, dsl -> dsl.update(JOBS)
                .set(JOBS.STATUS, JobStatus.COMPLETED).set(JOBS.COMPLETED_AT, DSL.currentOffsetDateTime())
                .where(JOBS.TENANT_ID.eq(tenant), JOBS.ID.eq(jobId), JOBS.STATUS.eq(JobStatus.PROCESSING))
                .execute());
    }

    /** How many jobs of a queue wait to be claimed. */
    public int depth(UUID tenant, String queue) {
        return tenants.inTenant(tenant, dsl -> dsl.fetchCount(JOBS,
                JOBS.TENANT_ID.eq(tenant), JOBS.QUEUE.eq(queue), JOBS.STATUS.eq(JobStatus.PENDING)));
    }

    /**
     * Records a claimed job's failure: back to pending after {@code retryAfter} while attempts are left,
     * otherwise failed for good, with a copy in dead_letter_jobs. Returns the job's new status.
     */
    public JobStatus fail(UUID tenant, UUID jobId, String error, Duration retryAfter) {
        return tenants.inTenant(tenant, dsl -> {
            JobsRecord job = dsl.selectFrom(JOBS).where(JOBS.TENANT_ID.eq(tenant), JOBS.ID.eq(jobId)).forUpdate().fetchSingle();
            job.setError(error);
            if (job.getAttempts() < job.getMaxAttempts()) {
                job.setStatus(JobStatus.PENDING);
                job.setScheduledFor(OffsetDateTime.now().plus(retryAfter));
            } else {
                job.setStatus(JobStatus.FAILED);
                job.setCompletedAt(OffsetDateTime.now());
                dsl.insertInto(DEAD_LETTER_JOBS)
                        .set(DEAD_LETTER_JOBS.TENANT_ID, tenant).set(DEAD_LETTER_JOBS.ORIGINAL_JOB_ID, jobId)
                        .set(DEAD_LETTER_JOBS.QUEUE_NAME, job.getQueue()).set(DEAD_LETTER_JOBS.JOB_TYPE, job.getType())
                        .set(DEAD_LETTER_JOBS.JOB_DATA, job.getData()).set(DEAD_LETTER_JOBS.ERROR, error)
                        .set(DEAD_LETTER_JOBS.ATTEMPTS, job.getAttempts())
                        .execute();
            }
            job.update();
            return job.getStatus();
        });
    }
    // end of docs example
}
