package org.queueservice.schema.migrations.review.trace;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.queueservice.schema.migrations.review.rules.ReviewedStatement;

/**
 * The reviewed versions as they ran on a scratch database built at the version before the first of them,
 * holding two tenants' rows. {@code existingTables} are the tables of that base.
 */
public record Trace(int baseVersion, Set<String> existingTables, List<VersionTrace> versions) {

    public Trace {
        existingTables = Set.copyOf(existingTables);
        versions = List.copyOf(versions);
    }

    public Optional<ObservedStatement> observed(ReviewedStatement statement) {
        return versions.stream().flatMap(v -> v.statements().stream()).filter(o -> o.statement() == statement).findFirst();
    }

    public List<ObservedStatement> statements() {
        return versions.stream().flatMap(v -> v.statements().stream()).toList();
    }
}
