package org.queueservice.schema.migrations.review.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.queueservice.schema.migrations.review.rules.Finding;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;
import org.queueservice.schema.migrations.review.rules.Rule;
import org.queueservice.schema.migrations.review.rules.Severity;

@Rule(code = "QS132", severity = Severity.ERROR, title = "Table rewritten where the text reading saw no hazard",
        explanation = "On the scratch database the statement gave an existing table a new file (its relfilenode changed, its rows "
                + "kept): PostgreSQL rewrote the table and its indexes, under ACCESS EXCLUSIVE for most forms, and on a large table "
                + "the queue waits for the whole rewrite. No rule reading the statement's text found a hazard in it, so the form "
                + "hides the rewrite (a function, a DO block, a form the review does not read).",
        safeAlternative = "Write the change in a form that does not rewrite (see the rule for its kind), or with a copy-and-swap; "
                + "a rewrite that is meant says so with `@AcceptsHazard(code = \"QS132\", reason = \"...\")`.")
final class Qs132RewriteNotForeseen implements TracedRule {

    @Override
    public List<Finding> find(Trace trace, Set<ReviewedStatement> flagged) {
        List<Finding> findings = new ArrayList<>();
        for (ObservedStatement observed : trace.unflagged(flagged)) {
            for (String table : observed.rewritten()) {
                if (trace.existingTables().contains(table)) {
                    findings.add(new Finding(observed.statement(), table + ": statement " + observed.statement().number()
                            + " rewrote the table (new relfilenode, rows kept)"));
                }
            }
        }
        return findings;
    }
}
