package org.queueservice.schema.migrations.review;

import java.util.List;
import java.util.Optional;

/**
 * What {@code queue-schema review} found: per new version, its statements with the lock each takes; the
 * hazards; with {@code --url}, drift; with {@code --base}, the effect on the generated API. Rendered by
 * {@link #markdown()}, {@link #json()} and {@link #github()}.
 *
 * @param base the git revision compared with, or null
 * @param database the database reviewed against (password never shown), or null
 * @param notes what could not be checked, one line each (a data rule without privilege, drift without a scratch database)
 * @param drift with {@code --url}: the objects that differ from what the database's applied versions build
 * @param api with {@code --base}: the generated public API that the change removes, changes and adds
 */
public record ReviewReport(String base, String database, List<VersionReview> versions, List<Hazard> hazards,
                           List<String> notes, Optional<Drift> drift, Optional<ApiImpact> api) {

    /**
     * A version under review and where its source is (relative to the repository root), or null when unknown;
     * {@code catalogChanges}: what applying it to the scratch database added, removed or changed (empty when not traced).
     */
    public record VersionReview(int version, String name, String file, boolean transactional, List<StatementReview> statements,
                                List<String> catalogChanges) {
    }

    /**
     * One statement: its SQL, the line it is written on, and its effect on each table it locks; {@code observed}:
     * what it did on the scratch database besides its locks (failed, rewrote a table, removed or changed rows).
     */
    public record StatementReview(int number, int line, String sql, List<TableEffect> effects, List<String> observed) {
    }

    /**
     * The lock one statement takes on one table: the one {@code pg_locks} showed on the scratch database when
     * the review traced it, else the one read from its text. {@code rowEstimate}, {@code bytes} and {@code lockHeld} come
     * from the live database (null without {@code --url}); {@code lockHeld} is an estimate for scans and rewrites.
     */
    public record TableEffect(String table, String lock, String blocks, String cost, Long rowEstimate, Long bytes, String lockHeld) {
    }

    /**
     * A rule's finding on one statement: {@code statement} is its number in the version (the {@code #} of the version's
     * statements); {@code acceptedReason} is the version's {@code @AcceptsHazard} reason, or null.
     */
    public record Hazard(String code, String severity, String title, int version, String file, int line, int statement, String message,
                         String explanation, String safeAlternative, String acceptedReason) {

        public boolean accepted() {
            return acceptedReason != null;
        }

        /** An error that no {@code @AcceptsHazard} accepts: it fails the review. */
        public boolean blocking() {
            return severity.equals("ERROR") && !accepted();
        }
    }

    /**
     * Objects only in the reviewed database (added by hand), missing from it, or defined differently; and, as errors
     * that fail the review, the differences of its security surface that the isolation contract does not allow
     * ({@code version} 0, no file: the database holds them, no version does).
     */
    public record Drift(String database, int appliedVersion, List<String> differences, List<Hazard> isolation) {
        public Drift {
            differences = List.copyOf(differences);
            isolation = List.copyOf(isolation);
        }
    }

    /** Public classes, fields and methods of the generated code, removed or changed (breaking) and added. */
    public record ApiImpact(List<String> removed, List<String> changed, List<String> added) {
    }

    public ReviewReport {
        versions = List.copyOf(versions);
        hazards = List.copyOf(hazards);
        notes = List.copyOf(notes);
    }

    /** 0 when no error-level hazard remains unaccepted, 1 when one does (drift that weakens isolation included). */
    public int exitCode() {
        return findings().stream().anyMatch(Hazard::blocking) ? 1 : 0;
    }

    /** The hazards of the reviewed versions, then the drift that weakens isolation: what every format lists. */
    public List<Hazard> findings() {
        List<Hazard> all = new java.util.ArrayList<>(hazards);
        drift.ifPresent(d -> all.addAll(d.isolation()));
        return List.copyOf(all);
    }

    /** The codes of the findings, in report order, accepted ones included. */
    public List<String> codes() {
        return findings().stream().map(Hazard::code).toList();
    }

    public String markdown() {
        return MarkdownReport.render(this);
    }

    public String json() {
        return JsonReport.render(this);
    }

    public String github() {
        return GithubAnnotations.render(this);
    }
}
