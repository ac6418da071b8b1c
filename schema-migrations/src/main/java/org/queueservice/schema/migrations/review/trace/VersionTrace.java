package org.queueservice.schema.migrations.review.trace;

import java.util.List;

import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.isolation.Breach;
import org.queueservice.schema.migrations.security.SurfaceChange;

/**
 * One reviewed version applied to the scratch database: each statement's effects, the catalog objects it
 * added, removed or changed, the changes of the security surface that the isolation contract does not allow,
 * and the isolation attacks that got through afterwards.
 */
public record VersionTrace(SchemaMigration migration, List<ObservedStatement> statements, List<String> catalogChanges,
                           List<SurfaceChange> violations, List<Breach> breaches) {

    public VersionTrace {
        statements = List.copyOf(statements);
        catalogChanges = List.copyOf(catalogChanges);
        violations = List.copyOf(violations);
        breaches = List.copyOf(breaches);
    }
}
