package org.queueservice.schema.generated.enums;

import org.jooq.EnumType;

/**
 * Where a job or a critical job is in its life cycle: the values that the CHECK constraints of jobs.status, critical_jobs.status accept.
 * Generated from the schema model's {@code Jobs.STATUSES} by {@code mvn generate-sources}; do not edit.
 */
public enum JobStatus implements EnumType {

    PENDING("pending"),
    PROCESSING("processing"),
    COMPLETED("completed"),
    FAILED("failed");

    private final String literal;

    JobStatus(String literal) {
        this.literal = literal;
    }

    /** The value as the database stores it. */
    @Override
    public String getLiteral() {
        return literal;
    }

    /** None: the column is text with a CHECK constraint, not a PostgreSQL enum type. */
    @Override
    public String getName() {
        return null;
    }
}
