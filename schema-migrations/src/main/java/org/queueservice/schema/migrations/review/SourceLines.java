package org.queueservice.schema.migrations.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.queueservice.schema.migrations.review.rules.Action;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;

/**
 * Where a statement is written in its migration's source, for annotations: statements are built by Java
 * code, so the line is found by what the code must spell out. Within {@code up(...)}, the first line from
 * the previous statement's line on that names the statement's object (index, column, constraint, policy)
 * as a whole word, else its step's description, else its table; failing all, the line of {@code up(} itself.
 * Comment lines are skipped (a generated version writes the object's name in the comment above its statement),
 * and so is the step's description where it is written as one literal, so that a step written over two lines is
 * annotated on the line of its statement.
 */
final class SourceLines {

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
            boolean comment = line.startsWith("//") || line.startsWith("*") || line.startsWith("/*");
            if (!comment && word.matcher(line.toLowerCase(Locale.ROOT)).find()) {
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
