package org.queueservice.schema.migrations.review.rules;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Rule(code = "QS108", severity = Severity.ERROR, title = "Type change that rewrites the table",
        explanation = "ALTER COLUMN ... TYPE rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE unless the new "
                + "type is binary compatible with the old one (a longer varchar, varchar to text, a numeric with more precision "
                + "and the same scale). Reads and writes wait for the whole rewrite.",
        safeAlternative = "Add a column of the new type, fill it in batches and from a trigger, switch the service to it, "
                + "then drop the old column in a later release; or keep the change to a binary-compatible widening.")
final class Qs108RewritingTypeChange implements HazardRule {

    private static final Pattern VARCHAR = Pattern.compile("^(?:varchar|character varying)(?:\\((\\d+)\\))?$");
    private static final Pattern NUMERIC = Pattern.compile("^(?:numeric|decimal)(?:\\((\\d+)(?:, ?(\\d+))?\\))?$");

    @Override
    public List<Finding> find(ReviewContext context) {
        return context.onExistingTables(ActionKind.ALTER_TYPE).stream()
                .filter(a -> {
                    Optional<String> old = context.declaredType(a.action().table(), a.action().object(), a.statement());
                    return old.isEmpty() || a.action().clause().contains(" using ") || !widens(old.get(), ReviewContext.newType(a.action().clause()));
                })
                .map(a -> a.finding(a.action().table() + "." + a.action().object() + " changes type from "
                        + context.declaredType(a.action().table(), a.action().object(), a.statement()).orElse("an unknown type") + " to "
                        + ReviewContext.newType(a.action().clause()) + ": REWRITES " + a.action().table() + " under ACCESS EXCLUSIVE"))
                .toList();
    }

    /** Whether a change from {@code from} to {@code to} is binary compatible, so PostgreSQL rewrites nothing. */
    static boolean widens(String from, String to) {
        Matcher oldVarchar = VARCHAR.matcher(from);
        if (oldVarchar.matches() || from.equals("text")) {
            if (to.equals("text")) {
                return true;
            }
            Matcher newVarchar = VARCHAR.matcher(to);
            return newVarchar.matches() && (newVarchar.group(1) == null
                    || oldVarchar.matches() && oldVarchar.group(1) != null && Integer.parseInt(newVarchar.group(1)) >= Integer.parseInt(oldVarchar.group(1)));
        }
        Matcher oldNumeric = NUMERIC.matcher(from);
        Matcher newNumeric = NUMERIC.matcher(to);
        if (oldNumeric.matches() && newNumeric.matches()) {
            if (newNumeric.group(1) == null) {
                return true;
            }
            return oldNumeric.group(1) != null && Integer.parseInt(newNumeric.group(1)) >= Integer.parseInt(oldNumeric.group(1))
                    && Objects.equals(scale(oldNumeric), scale(newNumeric));
        }
        return from.equals(to);
    }

    private static String scale(Matcher numeric) {
        return numeric.group(2) == null ? "0" : numeric.group(2);
    }
}
