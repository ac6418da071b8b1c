package org.example.queueservice;

import static org.queueservice.schema.generated.Tables.JOBS;

import org.jooq.Condition;
import org.queueservice.schema.generated.enums.JobStatus;

final class PendingJobs {

    /** "pending" misspelt: with bare strings this compiled and failed at run time on jobs_status_check. */
    static final Condition PENDING = JOBS.STATUS.eq(JobStatus.PENDNG);

    private PendingJobs() {
    }
}
