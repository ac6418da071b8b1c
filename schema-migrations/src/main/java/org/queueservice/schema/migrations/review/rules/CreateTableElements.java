package org.queueservice.schema.migrations.review.rules;

import java.util.List;

/** The elements of a CREATE TABLE's parenthesized list, in normal form: column definitions and table constraints. */
final class CreateTableElements {

    private CreateTableElements() {
    }

    static List<String> of(Action createTable) {
        String clause = createTable.clause();
        int open = clause.indexOf('(');
        if (open < 0) {
            return List.of();
        }
        return SqlText.splitTopLevel(clause.substring(open + 1, SqlText.closing(clause, open) - 1)).stream()
                .filter(element -> !element.isEmpty()).toList();
    }
}
