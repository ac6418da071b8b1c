package org.queueservice.schema.migrations.review.rules;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The parts of a CREATE or ALTER POLICY that the row-level security rules judge. */
record PolicyClause(String name, String table, List<String> roles, boolean restrictive, Optional<String> using,
                    Optional<String> withCheck) {

    private static final Pattern ROLES = Pattern.compile(" to (.+?)( using| with check|$)");

    static PolicyClause of(StatementAction policy) {
        String clause = policy.action().clause();
        String head = clause.replaceFirst(" (using|with check) ?\\(.*$", "");
        Matcher roles = ROLES.matcher(head);
        List<String> named = roles.find()
                ? Arrays.stream(roles.group(1).split(",")).map(String::trim).toList()
                : List.of("public");
        return new PolicyClause(policy.action().object(), policy.action().table(), named, head.contains(" as restrictive"),
                SqlText.parenthesizedAfter(clause, "using"), SqlText.parenthesizedAfter(clause, "with check"));
    }

    /** Both conditions that are present. */
    List<String> conditions() {
        return Stream.of(using, withCheck).flatMap(Optional::stream).toList();
    }
}
