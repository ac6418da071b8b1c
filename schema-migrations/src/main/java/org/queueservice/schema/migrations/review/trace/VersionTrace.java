package org.queueservice.schema.migrations.review.trace;

import java.util.List;

import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.isolation.Breach;

/**
 * One reviewed version applied to the scratch database: each statement's effects, the catalog objects it
 * added, removed or changed, and the isolation attacks that got through afterwards.
 */
public record VersionTrace(SchemaMigration migration, List<ObservedStatement> statements, List<String> catalogChanges,
                           List<Breach> breaches) {

    public VersionTrace {
        statements = List.copyOf(statements);
        catalogChanges = List.copyOf(catalogChanges);
        breaches = List.copyOf(breaches);
    }
}
