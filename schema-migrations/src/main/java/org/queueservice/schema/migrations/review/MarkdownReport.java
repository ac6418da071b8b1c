package org.queueservice.schema.migrations.review;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.queueservice.schema.migrations.review.ReviewReport.Hazard;
import org.queueservice.schema.migrations.review.ReviewReport.StatementReview;
import org.queueservice.schema.migrations.review.ReviewReport.TableEffect;
import org.queueservice.schema.migrations.review.ReviewReport.VersionReview;

/** The review as one Markdown document, fit to be one pull-request comment. */
final class MarkdownReport {

    /** The first line of every review comment: the workflow finds its earlier comment by it. */
    static final String TITLE = "### queue-schema review";

    private static final int FOLDED_ABOVE = 20;

    private MarkdownReport() {
    }

    static String render(ReviewReport report) {
        StringBuilder md = new StringBuilder(TITLE + "\n\n");
        md.append(Summary.verdict(report)).append("\n\n");
        md.append("Compared with ").append(against(report)).append(": ");
        md.append(report.versions().isEmpty() ? "no new version." : String.join(", ",
                report.versions().stream().map(v -> "`" + v.name() + "`").toList()) + ".").append("\n\n");
        if (!report.findings().isEmpty()) {
            md.append("| code | severity | where | finding |\n|---|---|---|---|\n");
            for (Hazard h : report.findings()) {
                md.append("| ").append(h.code()).append(" | ").append(h.accepted() ? "accepted " + h.severity().toLowerCase(Locale.ROOT)
                                : h.severity().toLowerCase(Locale.ROOT)).append(" | ")
                        .append(where(h)).append(" | ").append(cell(h.message()))
                        .append(h.accepted() ? " **Accepted:** " + cell(h.acceptedReason()) : "").append(" |\n");
            }
            md.append("\n<details><summary>What the rules say, and what to write instead</summary>\n\n");
            Map<String, Hazard> byCode = new LinkedHashMap<>();
            report.findings().forEach(h -> byCode.putIfAbsent(h.code(), h));
            byCode.values().forEach(h -> md.append("- **").append(h.code()).append(" ").append(h.title()).append("** ")
                    .append(h.explanation()).append(" *Instead:* ").append(h.safeAlternative()).append("\n"));
            md.append("\n</details>\n\n");
        }
        for (VersionReview version : report.versions()) {
            md.append("#### ").append(version.name()).append(version.file() == null ? "" : " (`" + version.file() + "`)").append("\n\n");
            md.append(version.transactional() ? "Runs in one transaction.\n\n"
                    : "Online version: each step commits on its own, `CONCURRENTLY` steps in autocommit.\n\n");
            md.append("| # | line | statement | table | lock | blocks | rows | size | lock held |\n|---|---|---|---|---|---|---|---|---|\n");
            for (StatementReview statement : version.statements()) {
                List<TableEffect> effects = statement.effects().isEmpty() ? List.of(new TableEffect("", "none", "neither",
                        "", null, null, null)) : statement.effects();
                for (TableEffect effect : effects) {
                    md.append("| ").append(statement.number()).append(" | ").append(statement.line() > 0 ? statement.line() : "")
                            .append(" | `").append(cell(statement.sql()).replace("`", "'")).append("` | ").append(effect.table())
                            .append(" | ").append(effect.lock()).append(effect.cost().isEmpty() ? "" : "; " + effect.cost())
                            .append(" | ").append(effect.blocks()).append(" | ").append(number(effect.rowEstimate()))
                            .append(" | ").append(size(effect.bytes())).append(" | ").append(effect.lockHeld() == null ? "" : effect.lockHeld())
                            .append(" |\n");
                }
            }
            md.append("\n");
            List<String> observed = version.statements().stream()
                    .flatMap(s -> s.observed().stream().map(o -> "statement " + s.number() + " " + o)).toList();
            list(md, "Observed on the scratch database", observed);
            list(md, "Catalog changes on the scratch database", version.catalogChanges());
        }
        report.drift().ifPresent(drift -> {
            md.append("#### Drift of `").append(drift.database()).append("`\n\n");
            if (drift.differences().isEmpty()) {
                md.append("None: the database is what V1..V").append(drift.appliedVersion()).append(" build.\n\n");
            } else {
                drift.differences().forEach(d -> md.append("- ").append(cell(d)).append("\n"));
                md.append("\n");
            }
        });
        report.api().ifPresent(api -> {
            md.append("#### Generated API (what the queue service compiles against)\n\n");
            if (api.removed().isEmpty() && api.changed().isEmpty() && api.added().isEmpty()) {
                md.append("Unchanged.\n\n");
            }
            list(md, "Removed (breaking)", api.removed());
            list(md, "Changed (breaking)", api.changed());
            list(md, "Added", api.added());
        });
        if (!report.notes().isEmpty()) {
            md.append("#### Not checked\n\n");
            report.notes().forEach(n -> md.append("- ").append(cell(n)).append("\n"));
            md.append("\n");
        }
        return md.toString();
    }

    private static String against(ReviewReport report) {
        if (report.base() != null && report.database() != null) {
            return "`" + report.base() + "` and `" + report.database() + "`";
        }
        return "`" + (report.base() != null ? report.base() : report.database()) + "`";
    }

    private static String where(Hazard h) {
        if (h.version() == 0) {
            return "`drift`";
        }
        String file = h.file() == null ? "V" + h.version() : h.file().substring(h.file().lastIndexOf('/') + 1);
        return "`" + file + (h.line() > 0 ? ":" + h.line() : "") + "` #" + h.statement();
    }

    /** A long list (a new table brings dozens of declarations) folds away, so the comment stays readable. */
    private static void list(StringBuilder md, String title, List<String> items) {
        if (items.isEmpty()) {
            return;
        }
        boolean fold = items.size() > FOLDED_ABOVE;
        md.append(fold ? "<details><summary>" + title + " (" + items.size() + ")</summary>\n\n"
                : "**" + title + "** (" + items.size() + ")\n\n");
        items.forEach(i -> md.append("- `").append(cell(i).replace("`", "'")).append("`\n"));
        md.append(fold ? "\n</details>\n\n" : "\n");
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String number(Long n) {
        return n == null ? "" : String.format(Locale.ROOT, "%,d", n);
    }

    private static String size(Long bytes) {
        if (bytes == null) {
            return "";
        }
        if (bytes < 1024 * 1024) {
            return (bytes / 1024) + " kB";
        }
        return bytes < 1024L * 1024 * 1024 ? (bytes / (1024 * 1024)) + " MB" : String.format(Locale.ROOT, "%.1f GB", bytes / 1073741824.0);
    }
}
