package org.queueservice.schema.migrations.review.rules;

import java.util.List;

@Rule(code = "QS100", severity = Severity.ERROR, title = "Statement the review does not recognise",
        explanation = "The review knows what each statement it recognises locks and changes; a statement it does not "
                + "(an unknown command, or code it does not read: a DO block, a CALL) may take any lock, rewrite any table or open "
                + "any tenant's rows, and would otherwise pass unseen. It is never shown as lock-free.",
        safeAlternative = "Write the change as plain SQL statements the review reads (the DDL itself rather than a DO block that "
                + "runs it); when the statement must stay, have someone read it and say why with "
                + "`@AcceptsHazard(code = \"QS100\", reason = \"...\")`.")
final class Qs100UnrecognisedStatement implements HazardRule {

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.actions(ActionKind.UNRECOGNISED).stream()
                .map(a -> a.finding("statement " + a.statement().number() + " not recognised (`" + head(a.action().clause())
                        + "`): its locks and effects are unknown"))
                .toList();
    }

    /** The statement's first words: enough to name it, short enough for one line. */
    private static String head(String text) {
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }
}
