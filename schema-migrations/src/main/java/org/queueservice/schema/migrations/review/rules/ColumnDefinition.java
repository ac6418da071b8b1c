package org.queueservice.schema.migrations.review.rules;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What an added column's definition gives the existing rows: its default, whether it is computed, whether it is NOT NULL without a value. */
final class ColumnDefinition {

    /** A serial or identity column: its default is nextval() of its own sequence, volatile though no DEFAULT is written. */
    private static final Pattern SEQUENCE_DEFAULT = Pattern.compile("^add (?:column )?(?:if not exists )?\\S+ "
            + "(?:smallserial|serial|bigserial|serial2|serial4|serial8)\\b|\\bgenerated (?:always|by default) as identity\\b");
    /** A stored generated column: PostgreSQL computes it for every existing row, whatever its expression. */
    private static final Pattern STORED_GENERATED = Pattern.compile("\\bgenerated always as \\(.*\\) stored\\b");
    private static final Pattern VOLATILE = Pattern.compile(
            "\\b(gen_random_uuid|uuid_generate_v\\w*|random|clock_timestamp|timeofday|nextval|txid_current)\\(");

    private ColumnDefinition() {
    }

    /** The expression after DEFAULT in a column definition, up to the next constraint keyword; nextval() for serial and identity columns. */
    static Optional<String> defaultOf(String clause) {
        if (SEQUENCE_DEFAULT.matcher(clause).find()) {
            return Optional.of("nextval() of its sequence");
        }
        Matcher m = Pattern.compile("\\bdefault (.+?)(?= not null| null| constraint| check| references| unique| primary|$)").matcher(clause);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** Whether an added column is NOT NULL with nothing to fill the existing rows: no default, not generated. */
    static boolean notNullWithoutValue(String clause) {
        return clause.matches(".* not null\\b.*") && defaultOf(clause).isEmpty() && !generatedStored(clause);
    }

    /** Whether the column definition is a stored generated column, which an ADD computes for every existing row. */
    static boolean generatedStored(String clause) {
        return STORED_GENERATED.matcher(SqlText.withoutLiterals(clause)).find();
    }

    /** Whether a default expression calls a volatile function, which PostgreSQL evaluates for every existing row. */
    static boolean volatileDefault(String expression) {
        return VOLATILE.matcher(expression).find();
    }
}
