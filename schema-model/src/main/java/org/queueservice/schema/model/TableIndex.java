package org.queueservice.schema.model;

import java.util.List;
import java.util.Optional;

import org.jooq.Condition;
import org.jooq.Name;
import org.jooq.OrderField;

/**
 * A secondary index: its name, key columns (with direction) and the predicate of a partial index.
 *
 * @param purpose the hot query it serves, for documentation and the audit's evidence
 */
public record TableIndex(Name name, List<OrderField<?>> columns, Optional<Condition> where, String purpose) {

    public TableIndex {
        columns = List.copyOf(columns);
    }

    public boolean isPartial() {
        return where.isPresent();
    }
}
