package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.not;
import static org.jooq.impl.SQLDataType.BOOLEAN;
import static org.jooq.impl.SQLDataType.CLOB;
import static org.jooq.impl.SQLDataType.NUMERIC;
import static org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE;
import static org.jooq.impl.SQLDataType.UUID;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.jooq.Field;
import org.jooq.impl.DSL;

/** Alerts raised by queue monitoring and their acknowledgement. */
public final class AlertHistory extends TenantTable {

    public static final List<String> SEVERITIES = List.of("critical", "warning", "info");

    public final Field<String> severity = column("severity", VARCHAR(50).notNull());
    public final Field<String> alertType = column("alert_type", VARCHAR(100).notNull(),
            "queue_depth, job_age, high_failures, ...");
    public final Field<String> message = column("message", CLOB.notNull());
    public final Field<String> queueName = column("queue_name", VARCHAR(255));
    public final Field<BigDecimal> metricValue = column("metric_value", NUMERIC(10, 2));
    public final Field<BigDecimal> thresholdValue = column("threshold_value", NUMERIC(10, 2));
    public final Field<Boolean> acknowledged = column("acknowledged", BOOLEAN.notNull().defaultValue(inline(false)));
    public final Field<java.util.UUID> acknowledgedBy = column("acknowledged_by", UUID,
            "User id in the identity service; no foreign key because that table lives in another service's database.");
    public final Field<OffsetDateTime> acknowledgedAt = column("acknowledged_at", TIMESTAMPWITHTIMEZONE);

    AlertHistory() {
        super("alert_history", "Alerts raised by queue monitoring, and who acknowledged them.");
    }

    @Override
    protected List<TableConstraint> ownConstraints() {
        return List.of(check("severity", severity.in(SEVERITIES.stream().map(s -> inline(s)).toList())));
    }

    @Override
    public List<TableIndex> indexes() {
        return List.of(
                index("unacknowledged", "unacknowledged alerts, newest first",
                        Optional.of(not(DSL.condition(acknowledged))), tenantId, createdAt.desc()),
                index("queue_created_at", "alerts of a queue, newest first", Optional.empty(),
                        tenantId, queueName, createdAt.desc()),
                index("severity_created_at", "alerts by severity, newest first", Optional.empty(),
                        tenantId, severity, createdAt.desc()));
    }
}
