package org.queueservice.schema.migrations.generate;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.SchemaMigration;

/**
 * The SQL the released versions send, for the definitions a down step must restore word for word.
 * PostgreSQL's printout of a CHECK is not always what it parses back to the same tree (an IN list comes
 * back as {@code = ANY (ARRAY[...])} with its casts moved), so a dropped CHECK is restored from the text
 * that created it, not from the catalog.
 */
final class ReleasedSql {

    private final String sql;

    ReleasedSql(List<SchemaMigration> chain) {
        this.sql = chain.stream().flatMap(m -> m.up(MigrationSettings.DEFAULT).stream())
                .flatMap(step -> step.sql().stream()).collect(Collectors.joining("\n"));
    }

    /** The condition of the last {@code constraint "<name>" check (...)} the versions send. */
    Optional<String> checkCondition(String constraint) {
        String marker = "constraint \"" + constraint + "\" check (";
        int start = sql.lastIndexOf(marker);
        if (start < 0) {
            return Optional.empty();
        }
        int from = start + marker.length();
        int depth = 1;
        boolean quoted = false;
        for (int i = from; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')' && --depth == 0) {
                return Optional.of(sql.substring(from, i));
            }
        }
        return Optional.empty();
    }
}
