package org.queueservice.schema.migrations.review.trace;

import java.util.List;

/** Every rule decided on the scratch database, in report order: effects (QS13x), then the isolation attacks (QS220). */
public final class TracedRules {

    public static final List<TracedRule> ALL = List.of(
            new Qs130StatementFails(),
            new Qs131RowsOfEveryTenantRemoved(),
            new Qs132RewriteNotForeseen(),
            new Qs133AccessExclusiveNotForeseen(),
            new Qs134RowsOfEveryTenantChanged(),
            new Qs220IsolationAttackSucceeds());

    private TracedRules() {
    }
}
