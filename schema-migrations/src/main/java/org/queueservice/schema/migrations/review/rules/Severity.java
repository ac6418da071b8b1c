package org.queueservice.schema.migrations.review.rules;

/** ERROR fails the review (exit 1) unless the version accepts it; WARNING is reported and asks for a look. */
public enum Severity { ERROR, WARNING }
