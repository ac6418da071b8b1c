package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Rule(code = "QS304", severity = Severity.ERROR, title = "Existing values exceed a narrowed type",
        explanation = "Counted on the database given with --url: the values that do not fit the new type (strings longer than "
                + "a new varchar length, numbers outside a smaller integer type). The type change fails there, after "
                + "rewriting part of the table under ACCESS EXCLUSIVE.",
        safeAlternative = "Shorten or move the values first, or keep the wider type.")
final class Qs304ValuesExceedNarrowedType implements HazardRule {

    private static final Pattern VARCHAR = Pattern.compile("^(?:varchar|character varying|char|character)\\((\\d+)\\)$");
    private static final Map<String, String> INTEGER_LIMITS = Map.of(
            "smallint", "32767", "int2", "32767", "int", "2147483647", "integer", "2147483647", "int4", "2147483647");

    @Override
    public List<Finding> find(ReviewContext context) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        if (context.live().isEmpty()) {
            return findings;
        }
        for (StatementAction a : context.onExistingTables(ActionKind.ALTER_TYPE)) {
            String type = ReviewContext.newType(a.action().clause());
            String column = Identifiers.quote(a.action().object());
            Matcher varchar = VARCHAR.matcher(type);
            String exceeds;
            if (varchar.matches()) {
                exceeds = "length(" + column + "::text) > " + varchar.group(1);
            } else if (INTEGER_LIMITS.containsKey(type)) {
                exceeds = "abs(" + column + "::numeric) > " + INTEGER_LIMITS.get(type);
            } else {
                continue;
            }
            long rows = context.live().get().count("select count(*) from " + Identifiers.quote(a.action().table()) + " where " + exceeds);
            if (rows > 0) {
                findings.add(a.finding(a.action().table() + "." + a.action().object() + ": " + Identifiers.count(rows)
                        + " values do not fit " + type));
            }
        }
        return findings;
    }
}
