package org.queueservice.schema.migrations.review.trace;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;
import org.queueservice.schema.migrations.security.SecuritySurface;

/**
 * The reviewed versions as they ran on a scratch database built at the version before the first of them,
 * holding two tenants' rows. {@code baseCatalog} and {@code baseSurface} are that database's structure and
 * security surface before any reviewed statement (what {@code V1..V<baseVersion>} build), {@code existingTables} its tables.
 */
public record Trace(int baseVersion, SchemaCatalog baseCatalog, SecuritySurface baseSurface, Set<String> existingTables,
                    List<VersionTrace> versions) {

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

    /**
     * The observed statements no rule reading the text flagged: what they did on the scratch database is a hazard
     * the text hid, where for a flagged one it is the hazard already reported.
     */
    List<ObservedStatement> unflagged(Set<ReviewedStatement> flagged) {
        return statements().stream().filter(o -> !flagged.contains(o.statement())).toList();
    }
}
