package org.queueservice.schema.migrations.review;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.queueservice.schema.migrations.review.rules.Action;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;
import org.queueservice.schema.migrations.review.rules.SqlStatements;

/**
 * Where a statement is written in its migration's source, for annotations: statements are built by Java
 * code, so the line is found by what the code must spell out. Within {@code up(...)}, the first line from the
 * previous statement's line on that holds the statement's opening words as written SQL; else the first line from
 * the previous statement's line on that names the statement's object (index, column, constraint, policy)
 * as a whole word, else its step's description, else its table; failing all, the line of {@code up(} itself.
 * Comment lines are skipped (a generated version writes the object's name in the comment above its statement),
 * and so is the step's description where it is written as one literal, so that a step written over two lines is
 * annotated on the line of its statement.
 */
final class SourceLines {

    /** The opening words of a statement looked for, most first: fewer than three would match most lines of a version. */
    private static final int MOST_WORDS = 6;
    private static final int FEWEST_WORDS = 3;

    private final List<String> lines;
    private final int upStart;
    private final int upEnd;
    private int cursor;

    SourceLines(String source) {
        this.lines = source.lines().toList();
        int start = indexOf("List<SchemaStep> up(", 0);
        int end = indexOf("List<SchemaStep> down(", Math.max(start, 0));
        this.upStart = Math.max(start, 0);
        this.upEnd = end < 0 ? lines.size() : end;
        this.cursor = upStart;
    }

    /** The 1-based line of {@code statement}; statements must be asked for in order. */
    int lineOf(ReviewedStatement statement) {
        int written = textAt(statement);
        if (written >= 0) {
            cursor = written;
            return written + 1;
        }
        String description = "\"" + statement.step() + "\"";
        for (String needle : needles(statement)) {
            String masked = needle.equals(statement.step()) ? "" : description;
            int found = wordAt(needle, cursor, masked);
            if (found < 0) {
                found = wordAt(needle, upStart, masked);
            }
            if (found >= 0) {
                cursor = found;
                return found + 1;
            }
        }
        return upStart + 1;
    }

    /**
     * The first line from the cursor on that holds the statement's own opening words as SQL text (a string literal of a
     * hand-written version), the longest run of them first: a statement whose object is named on an earlier statement's line
     * too, or the second of two statements sent in one call, is found on its own line. -1 when the SQL is not written out.
     */
    private int textAt(ReviewedStatement statement) {
        List<SqlStatements.Statement> parsed = SqlStatements.split(statement.sql());
        if (parsed.isEmpty()) {
            return -1;
        }
        String[] words = unquoted(parsed.get(0).normalized()).split(" ");
        for (int n = Math.min(words.length, MOST_WORDS); n >= FEWEST_WORDS; n--) {
            String needle = String.join(" ", Arrays.copyOf(words, n));
            for (int i = cursor; i < upEnd; i++) {
                String line = lines.get(i).strip();
                if (!isComment(line) && unquoted(line.replace("\\\"", "\"").replaceAll("\\s+", " ").toLowerCase(Locale.ROOT)).contains(needle)) {
                    return i;
                }
            }
        }
        return -1;
    }

    private static String unquoted(String text) {
        return text.replace("\"", "");
    }

    private static boolean isComment(String line) {
        return line.startsWith("//") || line.startsWith("*") || line.startsWith("/*");
    }

    private static List<String> needles(ReviewedStatement statement) {
        List<String> needles = new ArrayList<>();
        for (Action action : statement.actions()) {
            if (action.object() != null) {
                needles.add(action.object());
            }
        }
        needles.add(statement.step());
        for (Action action : statement.actions()) {
            if (action.table() != null) {
                needles.add(action.table());
            }
        }
        return needles;
    }

    /** The first line from {@code from} that names {@code needle} outside {@code masked} and outside comments. */
    private int wordAt(String needle, int from, String masked) {
        Pattern word = Pattern.compile("(?<![\\w$])" + Pattern.quote(needle.toLowerCase(Locale.ROOT)) + "(?![\\w$])");
        for (int i = from; i < upEnd; i++) {
            String line = masked.isEmpty() ? lines.get(i).strip() : lines.get(i).strip().replace(masked, "");
            if (!isComment(line) && word.matcher(line.toLowerCase(Locale.ROOT)).find()) {
                return i;
            }
        }
        return -1;
    }

    private int indexOf(String text, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }
}
