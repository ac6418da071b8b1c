package org.queueservice.schema.migrations.review.rules;

import java.util.Locale;

/** Names and counts as the data rules write them into their queries and findings. */
final class Identifiers {

    private Identifiers() {
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    /** {@code 1,204}: counts as the report prints them. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
