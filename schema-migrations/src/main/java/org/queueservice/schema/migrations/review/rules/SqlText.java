package org.queueservice.schema.migrations.review.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helpers over a statement's {@link SqlStatements.Statement#normalized() normal form}: keywords and unquoted
 * names lower case, quotes only where they matter, string constants as {@code '...'}, runs of white space
 * and comments one space. Every statement passes through that form, so a rule matches one spelling.
 */
final class SqlText {

    private SqlText() {
    }

    /** The index just past the parenthesis that closes the one at {@code open}, or the text's length. */
    static int closing(String text, int open) {
        int depth = 0;
        boolean literal = false;
        for (int i = open; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                literal = !literal;
            } else if (!literal && c == '(') {
                depth++;
            } else if (!literal && c == ')' && --depth == 0) {
                return i + 1;
            }
        }
        return text.length();
    }

    /** The text inside the first parenthesis that follows {@code keyword}, e.g. a CHECK's condition. */
    static Optional<String> parenthesizedAfter(String text, String keyword) {
        Matcher m = Pattern.compile("\\b" + Pattern.quote(keyword) + " ?\\(").matcher(text);
        if (!m.find()) {
            return Optional.empty();
        }
        int open = m.end() - 1;
        return Optional.of(text.substring(open + 1, closing(text, open) - 1).trim());
    }

    /** Splits at the commas that are outside parentheses and literals: the actions of one ALTER TABLE. */
    static List<String> splitTopLevel(String text) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean literal = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'') {
                literal = !literal;
            } else if (!literal && c == '(') {
                depth++;
            } else if (!literal && c == ')') {
                depth--;
            } else if (!literal && depth == 0 && c == ',') {
                parts.add(text.substring(start, i).trim());
                start = i + 1;
            }
        }
        parts.add(text.substring(start).trim());
        return parts;
    }

    /** The text with every string literal emptied: a literal may hold any word, which must not read as a keyword. */
    static String withoutLiterals(String text) {
        return text.replaceAll("'(?:[^']|'')*'", "''");
    }

    /** The last part of a possibly schema-qualified name in normal form, unquoted: {@code public."Jobs"} is {@code Jobs}. */
    static String unqualified(String name) {
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                start = i + 1;
            }
        }
        String last = name.substring(start);
        return last.startsWith("\"") && last.endsWith("\"") && last.length() > 1
                ? last.substring(1, last.length() - 1).replace("\"\"", "\"")
                : last.toLowerCase(Locale.ROOT);
    }
}
