package org.queueservice.schema.migrations.review;

import java.util.Locale;

import org.queueservice.schema.migrations.review.ReviewReport.Hazard;

/**
 * The hazards as GitHub workflow commands, one line each, which GitHub shows on the migration's file and
 * line: {@code ::error file=...,line=...,title=QS101 ...::message}. Warnings are {@code ::warning},
 * accepted hazards {@code ::notice}. A last plain line gives the verdict.
 */
final class GithubAnnotations {

    private GithubAnnotations() {
    }

    static String render(ReviewReport report) {
        StringBuilder out = new StringBuilder();
        for (Hazard h : report.findings()) {
            String level = h.accepted() ? "notice" : h.severity().toLowerCase(Locale.ROOT);
            out.append("::").append(level).append(' ');
            if (h.file() != null) {
                out.append("file=").append(property(h.file())).append(',');
                if (h.line() > 0) {
                    out.append("line=").append(h.line()).append(',');
                }
            }
            out.append("title=").append(property(h.code() + " " + h.title())).append("::")
                    .append(data(h.message() + (h.accepted() ? " (accepted: " + h.acceptedReason() + ")" : "")
                            + ". Instead: " + h.safeAlternative()))
                    .append('\n');
        }
        out.append("queue-schema review: ").append(Summary.verdict(report).replace("**", "")).append('\n');
        return out.toString();
    }

    /** Escapes a message as GitHub's workflow commands require. */
    static String data(String text) {
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escapes a property value (file, title), where ':' and ',' also separate. */
    static String property(String text) {
        return data(text).replace(":", "%3A").replace(",", "%2C");
    }
}
