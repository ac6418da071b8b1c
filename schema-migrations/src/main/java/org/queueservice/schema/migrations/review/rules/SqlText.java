package org.queueservice.schema.migrations.review.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement's text in one canonical form for matching: keywords and unquoted names lower-cased,
 * identifier quotes removed (the renderer quotes every name), string literals kept as written, runs of
 * white space made one space. Rendered statements all pass through here, so a rule matches one spelling.
 */
final class SqlText {

    private SqlText() {
    }

    static String normalize(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'') {
                int end = i + 1;
                while (end < sql.length() && !(sql.charAt(end) == '\'' && (end + 1 >= sql.length() || sql.charAt(end + 1) != '\''))) {
                    end += sql.charAt(end) == '\'' ? 2 : 1;
                }
                out.append(sql, i, Math.min(end + 1, sql.length()));
                i = end + 1;
            } else if (c == '"') {
                int end = sql.indexOf('"', i + 1);
                end = end < 0 ? sql.length() : end;
                out.append(sql, i + 1, end);
                i = end + 1;
            } else if (Character.isWhitespace(c)) {
                if (out.length() > 0 && out.charAt(out.length() - 1) != ' ') {
                    out.append(' ');
                }
                i++;
            } else {
                out.append(Character.toLowerCase(c));
                i++;
            }
        }
        return out.toString().trim().replaceAll(";$", "");
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

    /** The last part of a possibly schema-qualified name. */
    static String unqualified(String name) {
        return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }
}
