package org.queueservice.schema.migrations.review.trace;

import java.util.List;
import java.util.Set;

import org.queueservice.schema.migrations.review.rules.Finding;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;
import org.queueservice.schema.migrations.review.rules.Rule;

/**
 * A hazard decided on what the reviewed versions did on the scratch database, declared with {@link Rule}
 * like the rules that read the statements' text.
 */
public interface TracedRule {

    /**
     * @param flagged the statements a text rule already found a hazard in: what the trace adds is what the
     *                text reading missed, so that one cause is not reported twice
     */
    List<Finding> find(Trace trace, Set<ReviewedStatement> flagged);

    default Rule rule() {
        return getClass().getAnnotation(Rule.class);
    }
}
