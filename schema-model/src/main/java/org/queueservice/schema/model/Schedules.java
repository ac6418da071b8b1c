package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.SQLDataType.BOOLEAN;
import static org.jooq.impl.SQLDataType.JSONB;
import static org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.jooq.Field;
import org.jooq.impl.DSL;

/** Cron schedules that enqueue jobs. */
public final class Schedules extends TenantTable {

    public final Field<String> scheduleName = column("name", VARCHAR(255).notNull());
    public final Field<String> cronExpression = column("cron_expression", VARCHAR(100).notNull());
    public final Field<String> jobType = column("job_type", VARCHAR(255).notNull());
    public final Field<org.jooq.JSONB> jobData = column("job_data", JSONB.notNull().defaultValue(inline(org.jooq.JSONB.valueOf("{}"))));
    public final Field<Boolean> active = column("active", BOOLEAN.notNull().defaultValue(inline(true)));
    public final Field<OffsetDateTime> lastRun = column("last_run", TIMESTAMPWITHTIMEZONE);
    public final Field<OffsetDateTime> nextRun = column("next_run", TIMESTAMPWITHTIMEZONE);

    Schedules() {
        super("schedules", "Cron schedules of a tenant that enqueue jobs when due.");
    }

    @Override
    protected List<TableConstraint> ownConstraints() {
        return List.of(uniquePerTenant(scheduleName));
    }

    @Override
    public List<TableIndex> indexes() {
        return List.of(index("due", "active schedules due now, by next_run", Optional.of(DSL.condition(active)), tenantId, nextRun));
    }
}
