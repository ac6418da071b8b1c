package org.queueservice.schema.migrations.review.trace;

import java.util.List;
import java.util.Set;

import org.queueservice.schema.migrations.review.rules.Finding;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;
import org.queueservice.schema.migrations.review.rules.Rule;
import org.queueservice.schema.migrations.review.rules.Severity;

@Rule(code = "QS130", severity = Severity.ERROR, title = "Statement fails on the scratch database",
        explanation = "The version was applied to a scratch database built at the version before it, holding two tenants' rows, "
                + "as a login that owns the tables but may not change roles or other databases, and this statement failed there. "
                + "It fails the same way on a deployment that looks like it, after the statements before it took their locks; "
                + "a statement that needs more than owning the schema (a role, a superuser setting) does not belong in a version.",
        safeAlternative = "Make the statement succeed on a database at the previous version with rows in it (fix the rows first in "
                + "a version of its own, or change the statement); leave roles and server settings to whoever administers the server.")
final class Qs130StatementFails implements TracedRule {

    @Override
    public List<Finding> find(Trace trace, Set<ReviewedStatement> flagged) {
        return trace.statements().stream().filter(o -> o.failed().isPresent())
                .map(o -> new Finding(o.statement(), "statement " + o.statement().number() + " fails: " + o.failure())).toList();
    }
}
