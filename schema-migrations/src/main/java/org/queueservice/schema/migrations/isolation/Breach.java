package org.queueservice.schema.migrations.isolation;

/**
 * An attack that got through: its name, the table, view or function it went through, and what it saw
 * (rows of another tenant read, written or removed).
 */
public record Breach(String attack, String object, String seen) {
}
