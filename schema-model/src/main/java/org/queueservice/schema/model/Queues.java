package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.SQLDataType.BOOLEAN;
import static org.jooq.impl.SQLDataType.INTEGER;
import static org.jooq.impl.SQLDataType.JSONB;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jooq.Field;
import org.jooq.impl.DSL;

/** Queue definitions of a tenant, with denormalised job counters. */
public final class Queues extends TenantTable {

    public final Field<String> queueName = column("name", VARCHAR(255).notNull());
    public final Field<String> type = column("type", VARCHAR(100).notNull());
    public final Field<org.jooq.JSONB> config = column("config", JSONB.notNull().defaultValue(inline(org.jooq.JSONB.valueOf("{}"))));
    public final Field<Boolean> active = column("active", BOOLEAN.notNull().defaultValue(inline(true)));
    public final Field<Integer> pendingCount = column("pending_count", INTEGER.notNull().defaultValue(inline(0)));
    public final Field<Integer> processingCount = column("processing_count", INTEGER.notNull().defaultValue(inline(0)));
    public final Field<Integer> completedCount = column("completed_count", INTEGER.notNull().defaultValue(inline(0)));
    public final Field<Integer> failedCount = column("failed_count", INTEGER.notNull().defaultValue(inline(0)));

    Queues() {
        super("queues", "Queue definitions of a tenant, with job counters kept by the queue service.");
    }

    @Override
    protected List<TableConstraint> ownConstraints() {
        List<TableConstraint> constraints = new ArrayList<>(List.of(uniquePerTenant(queueName)));
        constraints.addAll(nonNegative(List.of(pendingCount, processingCount, completedCount, failedCount)));
        return constraints;
    }

    @Override
    public List<TableIndex> indexes() {
        // "by name" is served by the (tenant_id, name) unique constraint's index.
        return List.of(index("active", "active queues of a tenant", Optional.of(DSL.condition(active)), tenantId, queueName));
    }
}
