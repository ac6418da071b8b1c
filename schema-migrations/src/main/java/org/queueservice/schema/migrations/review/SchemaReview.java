package org.queueservice.schema.migrations.review;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.queueservice.schema.migrations.AcceptsHazard;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.migrations.provision.TestServerUnavailable;
import org.queueservice.schema.migrations.review.ReviewReport.Hazard;
import org.queueservice.schema.migrations.review.ReviewReport.StatementReview;
import org.queueservice.schema.migrations.review.ReviewReport.TableEffect;
import org.queueservice.schema.migrations.review.ReviewReport.VersionReview;
import org.queueservice.schema.migrations.review.rules.Action;
import org.queueservice.schema.migrations.review.rules.Finding;
import org.queueservice.schema.migrations.review.rules.HazardRule;
import org.queueservice.schema.migrations.review.rules.HazardRules;
import org.queueservice.schema.migrations.review.rules.LiveDatabase;
import org.queueservice.schema.migrations.review.rules.ReviewContext;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;
import org.queueservice.schema.migrations.review.rules.Rule;
import org.queueservice.schema.migrations.review.trace.LockMode;
import org.queueservice.schema.migrations.review.trace.ObservedStatement;
import org.queueservice.schema.migrations.review.trace.ScratchTrace;
import org.queueservice.schema.migrations.review.trace.Trace;
import org.queueservice.schema.migrations.review.trace.TracedRule;
import org.queueservice.schema.migrations.review.trace.TracedRules;
import org.queueservice.schema.migrations.review.trace.VersionTrace;
import org.queueservice.schema.migrations.security.SurfaceChange;

/**
 * {@code queue-schema review}: the versions that are new, against a git revision ({@code --base}: their
 * source file is in the working tree and not at that revision), a database ({@code --url}: not applied
 * there), or both (either makes a version new). Each new version's steps are rendered with the
 * deployment's settings and every statement is read for its lock, its cost and the hazard rules; with a
 * database, also its tables' sizes, the data rules, and drift. The reviewed database is only read.
 * A review that cannot run throws {@link MigrationFailure} with one line.
 */
public final class SchemaReview {

    private final List<SchemaMigration> migrations;
    private final MigrationSettings settings;
    private final Path workingDirectory;
    private final String base;
    private final ConnectionSettings database;

    /**
     * @param workingDirectory a directory inside the git working tree (for {@code base}, source lines and the API)
     * @param base the git revision to compare with, or null
     * @param database the database to compare with, or null; at least one of the two must be given
     */
    public SchemaReview(List<SchemaMigration> migrations, MigrationSettings settings, Path workingDirectory, String base,
                        ConnectionSettings database) {
        if (base == null && database == null) {
            throw new IllegalArgumentException("review needs --base REF, --url JDBC_URL, or both");
        }
        this.migrations = List.copyOf(migrations);
        this.settings = settings;
        this.workingDirectory = workingDirectory;
        this.base = base;
        this.database = database;
    }

    public ReviewReport run() {
        Optional<GitRepository> git = repository();
        Map<SchemaMigration, String> sources = git.map(this::sourcesIn).orElse(Map.of());
        if (database == null) {
            return review(git, sources, null);
        }
        try (Connection connection = database.open()) {
            return review(git, sources, connection);
        } catch (SQLException e) {
            throw new MigrationFailure("review failed: " + database + ": " + DatabaseError.describe(e), e);
        }
    }

    private ReviewReport review(Optional<GitRepository> git, Map<SchemaMigration, String> sources, Connection connection) {
        try {
            int applied = connection == null ? -1 : appliedVersion(connection);
            TreeSet<Integer> newVersions = new TreeSet<>();
            Map<SchemaMigration, String> released = new LinkedHashMap<>();
            for (SchemaMigration migration : migrations) {
                boolean newAtBase = base != null && sources.containsKey(migration) && absentAtBase(git.orElseThrow(), sources.get(migration), migration);
                if (newAtBase || applied >= 0 && migration.versionNumber() > applied) {
                    newVersions.add(migration.versionNumber());
                }
                if (base != null && sources.containsKey(migration) && !newAtBase) {
                    released.put(migration, sources.get(migration));
                }
            }
            List<ReviewedStatement> history = new ArrayList<>();
            List<ReviewedStatement> reviewed = new ArrayList<>();
            for (SchemaMigration migration : migrations) {
                if (!newVersions.isEmpty() && migration.versionNumber() <= newVersions.last()) {
                    List<ReviewedStatement> statements = ReviewedStatement.of(migration, settings);
                    history.addAll(statements);
                    if (newVersions.contains(migration.versionNumber())) {
                        reviewed.addAll(statements);
                    }
                }
            }
            LiveDatabase live = connection == null ? null : new LiveDatabase(connection);
            ReviewContext context = new ReviewContext(history, reviewed, settings.roles(), live);
            Map<ReviewedStatement, Integer> lines = lines(git, sources, reviewed);
            List<String> notes = new ArrayList<>();
            Set<ReviewedStatement> flagged = new HashSet<>();
            List<Hazard> hazards = hazards(context, sources, lines, notes, flagged);
            Optional<Trace> trace = reviewed.isEmpty() ? Optional.empty() : trace(reviewed, notes);
            trace.ifPresent(t -> hazards.addAll(traced(t, flagged, sources, lines)));
            if (base != null) {
                Set<SchemaMigration> underReview = new HashSet<>();
                reviewed.forEach(s -> underReview.add(s.migration()));
                hazards.addAll(ReleasedVersions.changed(git.orElseThrow(), base, released, underReview, notes));
            }
            notes.addAll(unusedAcceptances(context, hazards));
            List<VersionReview> versions = versions(context, sources, lines, trace);
            Optional<ReviewReport.Drift> drift = connection == null ? Optional.empty()
                    : Drift.of(database, connection, migrations.subList(0, Math.min(applied, migrations.size())), settings, notes,
                    trace.filter(t -> t.baseVersion() == applied).orElse(null));
            Optional<ReviewReport.ApiImpact> api = base == null ? Optional.empty() : Optional.of(ApiSurface.impact(git.orElseThrow(), base));
            return new ReviewReport(base, database == null ? null : database.toString(), versions, hazards, notes, drift, api);
        } catch (SQLException e) {
            throw new MigrationFailure("review failed: " + database + ": " + DatabaseError.describe(e), e);
        }
    }

    private Optional<GitRepository> repository() {
        if (base != null) {
            GitRepository git = GitRepository.at(workingDirectory);
            git.requireBase(base);
            return Optional.of(git);
        }
        try {
            return Optional.of(GitRepository.at(workingDirectory));
        } catch (MigrationFailure e) {
            return Optional.empty(); // --url alone needs no repository: the report then shows no source lines
        }
    }

    /** Each migration's source file in the working tree, relative to the root: the file named after its class. */
    private Map<SchemaMigration, String> sourcesIn(GitRepository git) {
        List<String> files = git.workingTreeFiles();
        Map<SchemaMigration, String> sources = new LinkedHashMap<>();
        for (SchemaMigration migration : migrations) {
            String path = migration.getClass().getName().replace('.', '/') + ".java";
            files.stream().filter(f -> f.endsWith("/" + path)).findFirst()
                    .or(() -> files.stream().filter(f -> f.endsWith("/" + migration.getClass().getSimpleName() + ".java")).findFirst())
                    .ifPresent(file -> sources.put(migration, file));
        }
        return sources;
    }

    /** Whether no {@code V<n>__*.java} of this version exists at the base in the directory of its source. */
    private boolean absentAtBase(GitRepository git, String source, SchemaMigration migration) {
        String directory = source.contains("/") ? source.substring(0, source.lastIndexOf('/')) : ".";
        Pattern sameVersion = Pattern.compile("(^|/)V" + migration.versionNumber() + "__[^/]*\\.java$");
        return git.filesAt(base, directory).stream().noneMatch(f -> sameVersion.matcher(f).find());
    }

    private static int appliedVersion(Connection connection) throws SQLException {
        List<List<String>> rows = QueryRows.of(connection, "select to_regclass(?) is not null", Migrations.HISTORY_TABLE);
        if (!rows.get(0).get(0).equals("t")) {
            return 0;
        }
        return Integer.parseInt(QueryRows.of(connection, "select coalesce(max(version::int), 0) from "
                + Migrations.HISTORY_TABLE + " where success and version ~ '^[0-9]+$'").get(0).get(0));
    }

    private Map<ReviewedStatement, Integer> lines(Optional<GitRepository> git, Map<SchemaMigration, String> sources,
                                                  List<ReviewedStatement> reviewed) {
        Map<ReviewedStatement, Integer> lines = new LinkedHashMap<>();
        Map<SchemaMigration, SourceLines> readers = new LinkedHashMap<>();
        for (ReviewedStatement statement : reviewed) {
            String source = sources.get(statement.migration());
            if (source == null) {
                lines.put(statement, 0);
                continue;
            }
            SourceLines reader = readers.computeIfAbsent(statement.migration(), m -> new SourceLines(git.orElseThrow().workingFile(source)));
            lines.put(statement, reader.lineOf(statement));
        }
        return lines;
    }

    private static List<Hazard> hazards(ReviewContext context, Map<SchemaMigration, String> sources, Map<ReviewedStatement, Integer> lines,
                                        List<String> notes, Set<ReviewedStatement> flagged) {
        List<Hazard> hazards = new ArrayList<>();
        for (HazardRule rule : HazardRules.ALL) {
            Rule about = rule.rule();
            List<Finding> findings;
            try {
                findings = rule.find(context);
            } catch (SQLException e) {
                notes.add(about.code() + " not checked: " + DatabaseError.describe(e)
                        + ("42501".equals(e.getSQLState()) ? " (counting every tenant's rows needs a role that bypasses row-level security)" : ""));
                continue;
            }
            for (Finding finding : findings) {
                flagged.add(finding.statement());
                hazards.add(hazard(about, finding, sources, lines));
            }
        }
        return hazards;
    }

    private static Hazard hazard(Rule about, Finding finding, Map<SchemaMigration, String> sources, Map<ReviewedStatement, Integer> lines) {
        SchemaMigration migration = finding.statement().migration();
        String accepted = Arrays.stream(migration.getClass().getAnnotationsByType(AcceptsHazard.class))
                .filter(a -> a.code().equals(about.code())).map(AcceptsHazard::reason).findFirst().orElse(null);
        return new Hazard(about.code(), about.severity().name(), about.title(), migration.versionNumber(),
                sources.get(migration), lines.get(finding.statement()), finding.statement().number(), finding.message(),
                about.explanation(), about.safeAlternative(), accepted);
    }

    /**
     * The reviewed versions applied to a scratch database on the server of {@code --url}, or empty with a note
     * saying why they could not be.
     */
    private Optional<Trace> trace(List<ReviewedStatement> reviewed, List<String> notes) {
        if (database == null) {
            notes.add("effects not traced: review with --url, whose server then holds the scratch database the versions are applied to");
            return Optional.empty();
        }
        try {
            return Optional.of(new ScratchTrace(database, migrations, settings).run(reviewed));
        } catch (TestServerUnavailable e) {
            notes.add("effects not traced: " + database.user() + " cannot create a scratch database on "
                    + ConnectionSettings.maskPasswords(database.url()) + " (" + DatabaseError.describe(e.refusal()) + "): give "
                    + database.user() + " CREATEDB there, or review with a login that has it");
        } catch (SQLException e) {
            notes.add("effects not traced: " + DatabaseError.describe(e));
        } catch (RuntimeException e) {
            notes.add("effects not traced: " + e.getMessage().lines().findFirst().orElse(e.toString()));
        }
        return Optional.empty();
    }

    /** The traced rules' findings, then each change of the security surface the isolation contract refuses, on the version's last statement. */
    private static List<Hazard> traced(Trace trace, Set<ReviewedStatement> flagged, Map<SchemaMigration, String> sources,
                                       Map<ReviewedStatement, Integer> lines) {
        List<Hazard> hazards = new ArrayList<>();
        for (TracedRule rule : TracedRules.ALL) {
            rule.find(trace, flagged).forEach(finding -> hazards.add(hazard(rule.rule(), finding, sources, lines)));
        }
        for (VersionTrace version : trace.versions()) {
            if (version.statements().isEmpty()) {
                continue;
            }
            ReviewedStatement last = version.statements().get(version.statements().size() - 1).statement();
            for (SurfaceChange violation : version.violations()) {
                hazards.add(hazard(violation.category().rule(), new Finding(last, violation.object() + ": " + violation.description()),
                        sources, lines));
            }
        }
        return hazards;
    }

    /** An acceptance that matches no hazard is stale, or names the wrong code: either way a reader should know. */
    private static List<String> unusedAcceptances(ReviewContext context, List<Hazard> hazards) {
        List<String> notes = new ArrayList<>();
        context.statements().stream().map(ReviewedStatement::migration).distinct().forEach(migration -> {
            for (AcceptsHazard accepted : migration.getClass().getAnnotationsByType(AcceptsHazard.class)) {
                if (hazards.stream().noneMatch(h -> h.version() == migration.versionNumber() && h.code().equals(accepted.code()))) {
                    notes.add(migration.getClass().getSimpleName() + " accepts " + accepted.code() + " but the review found no "
                            + accepted.code() + " hazard in it");
                }
            }
        });
        return notes;
    }

    private static List<VersionReview> versions(ReviewContext context, Map<SchemaMigration, String> sources,
                                                Map<ReviewedStatement, Integer> lines, Optional<Trace> trace) throws SQLException {
        Map<SchemaMigration, List<StatementReview>> byVersion = new LinkedHashMap<>();
        for (ReviewedStatement statement : context.statements()) {
            List<TableEffect> effects = new ArrayList<>();
            for (Action action : statement.actions()) {
                if (action.lock() == null) {
                    continue;
                }
                String table = action.onIndex() ? context.tableOfIndex(action.object(), statement).orElse(null) : action.table();
                effects.add(LockEstimate.effect(context, statement, action, table));
            }
            Optional<ObservedStatement> observed = trace.flatMap(t -> t.observed(statement));
            byVersion.computeIfAbsent(statement.migration(), m -> new ArrayList<>())
                    .add(new StatementReview(statement.number(), lines.get(statement), statement.sql(),
                            observed.map(o -> withObservedLocks(effects, o)).orElse(effects),
                            observed.map(ObservedStatement::facts).orElse(List.of())));
        }
        List<VersionReview> versions = new ArrayList<>();
        byVersion.forEach((migration, statements) -> versions.add(new VersionReview(migration.versionNumber(),
                migration.getClass().getSimpleName(), sources.get(migration), migration.canExecuteInTransaction(), statements,
                trace.flatMap(t -> t.versions().stream().filter(v -> v.migration() == migration).findFirst())
                        .map(VersionTrace::catalogChanges).orElse(List.of()))));
        return versions;
    }

    /**
     * The locks read from the text, each replaced by the one {@code pg_locks} showed on its table, and the tables
     * only {@code pg_locks} showed added. A table the trace saw no lock on keeps the text's (its transaction
     * already held that mode, or the statement failed).
     */
    private static List<TableEffect> withObservedLocks(List<TableEffect> effects, ObservedStatement observed) {
        List<TableEffect> merged = new ArrayList<>();
        for (TableEffect e : effects) {
            LockMode seen = observed.locks().get(e.table());
            merged.add(seen == null ? e : new TableEffect(e.table(), seen.label(), seen.blocks(), e.cost(), e.rowEstimate(), e.bytes(), e.lockHeld()));
        }
        observed.locks().forEach((table, mode) -> {
            if (effects.stream().noneMatch(e -> e.table().equals(table))) {
                merged.add(new TableEffect(table, mode.label(), mode.blocks(), "seen on the scratch database", null, null, null));
            }
        });
        return merged;
    }
}
