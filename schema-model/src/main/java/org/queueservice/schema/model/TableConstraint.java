package org.queueservice.schema.model;

import java.util.List;

import org.jooq.Condition;
import org.jooq.Constraint;
import org.jooq.Name;
import org.jooq.impl.DSL;

/**
 * A table's own constraint, besides the primary key and the tenant foreign key every table has. Kept as
 * data rather than as a jOOQ {@link Constraint} so that the migration generator can compare it and write
 * it out again.
 */
public sealed interface TableConstraint {

    Name name();

    /** The constraint as jOOQ DDL, for CREATE TABLE and ALTER TABLE ... ADD. */
    Constraint toConstraint();

    /** Unique over {@code columns}; per tenant when the first column is tenant_id. */
    record Unique(Name name, List<Name> columns) implements TableConstraint {
        public Unique {
            columns = List.copyOf(columns);
        }

        @Override
        public Constraint toConstraint() {
            return DSL.constraint(name).unique(columns.toArray(Name[]::new));
        }
    }

    record Check(Name name, Condition condition) implements TableConstraint {
        @Override
        public Constraint toConstraint() {
            return DSL.constraint(name).check(condition);
        }
    }
}
