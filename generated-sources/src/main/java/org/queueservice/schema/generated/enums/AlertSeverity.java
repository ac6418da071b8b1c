package org.queueservice.schema.generated.enums;

import org.jooq.EnumType;

/**
 * How urgent an alert is: the values that the CHECK constraints of alert_history.severity accept.
 * Generated from the schema model's {@code AlertHistory.SEVERITIES} by {@code mvn generate-sources}; do not edit.
 */
public enum AlertSeverity implements EnumType {

    CRITICAL("critical"),
    WARNING("warning"),
    INFO("info");

    private final String literal;

    AlertSeverity(String literal) {
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
