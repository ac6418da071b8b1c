package org.queueservice.schema.generated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.queueservice.schema.generated.Tables.ALERT_HISTORY;
import static org.queueservice.schema.generated.Tables.CRITICAL_JOBS;
import static org.queueservice.schema.generated.Tables.JOBS;

import java.util.stream.Stream;

import org.jooq.EnumType;
import org.junit.jupiter.api.Test;
import org.queueservice.schema.generated.enums.AlertSeverity;
import org.queueservice.schema.generated.enums.JobStatus;
import org.queueservice.schema.model.AlertHistory;
import org.queueservice.schema.model.Jobs;

/** The constrained columns are typed with enums that hold exactly the values their CHECK constraints accept. */
class ValueEnumsTest {

    @Test
    void enumsHoldTheModelsListsInOrder() {
        assertThat(Stream.of(JobStatus.values()).map(EnumType::getLiteral)).containsExactlyElementsOf(Jobs.STATUSES);
        assertThat(Stream.of(AlertSeverity.values()).map(EnumType::getLiteral)).containsExactlyElementsOf(AlertHistory.SEVERITIES);
    }

    @Test
    void constrainedColumnsAreTypedWithThem() {
        assertThat(JOBS.STATUS.getType()).isEqualTo(JobStatus.class);
        assertThat(CRITICAL_JOBS.STATUS.getType()).isEqualTo(JobStatus.class);
        assertThat(ALERT_HISTORY.SEVERITY.getType()).isEqualTo(AlertSeverity.class);
        assertThat(JOBS.STATUS.getConverter().to(JobStatus.PROCESSING)).isEqualTo("processing");
    }
}
