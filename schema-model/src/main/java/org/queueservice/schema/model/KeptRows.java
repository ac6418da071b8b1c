package org.queueservice.schema.model;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;

/**
 * Rows a down step leaves in place on purpose although it removes their kind: seed rows an operator has
 * changed since they were seeded. Rollback lists them, by {@code label}, so that keeping them is never silent.
 *
 * @param what how the rows are named in the report, e.g. {@code rate_limiters rows changed since seeding}
 */
public record KeptRows(Name table, Condition rows, Field<String> label, String what) {
}
