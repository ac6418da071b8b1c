package org.queueservice.schema.migrations.review;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.generate.MigrationFiles;
import org.queueservice.schema.migrations.review.ReviewReport.Hazard;
import org.queueservice.schema.migrations.review.rules.Rule;
import org.queueservice.schema.migrations.review.rules.Severity;

/**
 * {@code review --base}: every version released at the base, rendered with the branch's code, against what the
 * base recorded of it: the checksum databases hold ({@code released-checksums.properties}) and the script it
 * rendered ({@code released/V<n>.sql}), both read with {@code git show}. A version is rendered by code that
 * is not its own file (the model's statement helpers, the settings), so a branch can change a released
 * version without touching its file; a database that applied the old rendering then differs from one the
 * branch migrates, and {@code validate} fails on it only after the deploy.
 */
@Rule(code = "QS230", severity = Severity.ERROR, title = "Released version renders differently",
        explanation = "A version every database has applied now renders other SQL with the branch's code: databases migrated before "
                + "keep the old statements and record the old checksum, databases migrated after get the new ones, and `validate` "
                + "fails on the old ones after the deploy. The change is not reviewed as a change at all, whatever it does to "
                + "isolation: a tenant condition that gains `OR current_setting('app.debug', true) = 'on'` passes as \"no new version\".",
        safeAlternative = "Leave what released versions render alone (they write out their statements with literal names); make the "
                + "change a new version (`mvn generate-sources -Dmigration=...`).")
final class ReleasedVersions {

    private ReleasedVersions() {
    }

    /**
     * A hazard per released version whose rendering differs from the base's record of it.
     *
     * @param released the versions that exist at the base, with their source files
     */
    static List<Hazard> changed(GitRepository git, String base, Map<SchemaMigration, String> released, Set<SchemaMigration> reviewed,
                                List<String> notes) {
        Rule about = ReleasedVersions.class.getAnnotation(Rule.class);
        List<Hazard> hazards = new ArrayList<>();
        for (Map.Entry<SchemaMigration, String> entry : released.entrySet()) {
            SchemaMigration migration = entry.getKey();
            if (reviewed.contains(migration)) {
                continue;
            }
            String module = entry.getValue().contains("src/main/java/")
                    ? entry.getValue().substring(0, entry.getValue().indexOf("src/main/java/")) : "";
            Properties checksums = new Properties();
            try {
                checksums.load(new StringReader(git.show(base, module + MigrationFiles.CHECKSUMS)));
            } catch (MigrationFailure | IOException e) {
                notes.add("QS230 not checked for V" + migration.versionNumber() + ": " + base + " has no " + module + MigrationFiles.CHECKSUMS);
                continue;
            }
            String recorded = checksums.getProperty(Integer.toString(migration.versionNumber()));
            if (recorded == null || recorded.equals(Integer.toString(migration.getChecksum()))) {
                continue;
            }
            String rendered = SchemaMigration.script(migration.up(MigrationSettings.DEFAULT));
            String message = "V" + migration.versionNumber() + " renders differently from what " + base + " released (checksum "
                    + migration.getChecksum() + ", databases recorded " + recorded + "): ";
            try {
                message += statementsChanged(git.show(base, module + MigrationFiles.releasedScript(migration.versionNumber())), rendered);
            } catch (MigrationFailure e) {
                message += "its statements are not compared, " + base + " has no " + MigrationFiles.releasedScript(migration.versionNumber());
            }
            hazards.add(new Hazard(about.code(), about.severity().name(), about.title(), migration.versionNumber(), entry.getValue(), 0, 0,
                    message, about.explanation(), about.safeAlternative(), null));
        }
        return hazards;
    }

    /** The statements, numbered as in the version, whose text differs, each as the branch renders it. */
    static String statementsChanged(String was, String now) {
        List<String> before = statements(was);
        List<String> after = statements(now);
        List<String> changed = new ArrayList<>();
        for (int i = 0; i < Math.max(before.size(), after.size()); i++) {
            String a = i < before.size() ? before.get(i) : null;
            String b = i < after.size() ? after.get(i) : null;
            if (b == null) {
                changed.add("statement " + (i + 1) + " removed (`" + a + "`)");
            } else if (!b.equals(a)) {
                changed.add("statement " + (i + 1) + " is now `" + b + "`");
            }
        }
        return changed.isEmpty() ? "the same statements, in other steps" : String.join("; ", changed);
    }

    /** The statements of a script as {@link SchemaMigration#script} writes it: each ends with {@code ;} at a line's end. */
    private static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            if (current.isEmpty() && line.startsWith("-- ")) {
                continue; // a step's description or guard
            }
            current.append(current.isEmpty() ? "" : "\n").append(line);
            if (line.endsWith(";")) {
                statements.add(current.substring(0, current.length() - 1));
                current.setLength(0);
            }
        }
        return statements;
    }
}
