package org.queueservice.schema.migrations.review.rules;

/** An action together with the statement it is part of: what a rule reports on. */
public record StatementAction(ReviewedStatement statement, Action action) {

    /** A finding about this action's statement. */
    public Finding finding(String message) {
        return new Finding(statement, message);
    }
}
