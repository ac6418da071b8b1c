package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.List;

/**
 * One hazard a reviewed change can hold, declared with {@link Rule}. Rules that need the live database's
 * rows read them from {@link ReviewContext#live()} and find nothing without one.
 */
public interface HazardRule {

    List<Finding> find(ReviewContext context) throws SQLException;

    default Rule rule() {
        return getClass().getAnnotation(Rule.class);
    }
}
