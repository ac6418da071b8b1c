package org.queueservice.schema.migrations.review.rules;

/** What a rule found on one statement, in one line that names the table and object. */
public record Finding(ReviewedStatement statement, String message) {
}
