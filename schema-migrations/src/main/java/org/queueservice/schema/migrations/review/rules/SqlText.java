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

    /** The words of a normal-form text outside parentheses, string constants and quoted names: a statement's own keywords. */
    static List<String> topLevelWords(String text) {
        List<String> words = new ArrayList<>();
        int depth = 0;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                int end = i + 1;
                while (end < text.length() && !(text.charAt(end) == c && (end + 1 >= text.length() || text.charAt(end + 1) != c))) {
                    end += text.charAt(end) == c ? 2 : 1;
                }
                i = end + 1;
            } else if (c == '(' || c == ')') {
                depth += c == '(' ? 1 : -1;
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int end = i;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_' || text.charAt(end) == '$')) {
                    end++;
                }
                if (depth == 0) {
                    words.add(text.substring(i, end));
                }
                i = end;
            } else {
                i++;
            }
        }
        return words;
    }

    /** The functions a normal-form expression calls, as named (the last part of a qualified name), keywords left out. */
    static List<String> calledFunctions(String text) {
        List<String> called = new ArrayList<>();
        Matcher m = CALL.matcher(withoutLiterals(text));
        while (m.find()) {
            String function = unqualified(m.group(1));
            if (!NOT_FUNCTIONS.contains(function)) {
                called.add(function);
            }
        }
        return called;
    }

    private static final Pattern CALL = Pattern.compile("(?<![\\w$.\"])((?:[\\w$]+\\.)?[a-z_][\\w$]*|\"[^\"]+\") ?\\(");

    /** Words that a parenthesis follows without making a call. */
    private static final java.util.Set<String> NOT_FUNCTIONS = java.util.Set.of("cast", "in", "values", "exists", "any", "all", "some",
            "array", "row", "and", "or", "not", "check", "using", "as", "with", "on", "over", "filter", "within", "when", "then", "else",
            "where", "select", "from", "is", "by", "default", "interval", "key", "references", "unique", "include", "table", "index",
            "set", "returns", "generated", "stored", "to", "to_regclass", "current_setting", "nullif", "coalesce", "greatest", "least");
}
