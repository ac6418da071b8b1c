package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;

/** The registry's versions and class names, and the history's order and descriptions against them. */
@Check(id = "MIG2", title = "Versioned, ordered migration names", section = Section.STRUCTURE, severity = Severity.MEDIUM,
        remediation = "Keep one ordered registry with versions 1, 2, 3, ... and never rewrite history rows.")
final class Mig2VersionedNames implements AuditCheck {

    private static final Pattern CLASS_NAME = Pattern.compile("V\\d+__[A-Z][A-Za-z0-9_]*");

    @Override
    public Outcome evaluate(AuditContext context) {
        List<SchemaMigration> migrations = context.migrations();
        List<String> problems = new ArrayList<>(registryProblems(migrations));
        History history = context.history();
        if (!history.exists()) {
            problems.add("no history table to check the applied order against");
        } else {
            int previous = 0;
            for (History.Entry entry : history.applied()) {
                int version = Integer.parseInt(entry.version());
                if (version <= previous) {
                    problems.add("history applies V" + version + " after V" + previous);
                }
                if (version > migrations.size()) {
                    problems.add("history holds V" + version + " (" + entry.description() + "), which the registry does not know");
                } else if (!migrations.get(version - 1).getDescription().equals(entry.description())) {
                    problems.add("history V" + version + " is '" + entry.description() + "', the registry says '"
                            + migrations.get(version - 1).getDescription() + "'");
                }
                previous = version;
            }
        }
        return Outcome.of(problems, "versions " + migrations.stream().map(m -> "V" + m.getVersion())
                .collect(Collectors.joining(", ")) + ", consecutive, applied in that order");
    }

    /** The registry alone: versions 1, 2, 3, ... and classes named V<version>__<Description>. */
    static List<String> registryProblems(List<SchemaMigration> migrations) {
        List<String> problems = new ArrayList<>();
        try {
            Migrations.requireConsecutive(migrations);
        } catch (IllegalStateException e) {
            problems.add("registry: " + e.getMessage());
        }
        migrations.stream().map(AuditContext::className).filter(n -> !CLASS_NAME.matcher(n).matches())
                .forEach(n -> problems.add("class " + n + " is not named V<version>__<Description>"));
        return problems;
    }
}
