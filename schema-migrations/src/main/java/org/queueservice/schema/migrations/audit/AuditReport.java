package org.queueservice.schema.migrations.audit;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.queueservice.schema.migrations.Migrations;

/** The outcome of {@link MigrationAudit}, rendered as Markdown in the shape of the original audit. */
public record AuditReport(String database, LocalDate date, List<Result> results) {

    public enum Status { PASS, PARTIAL, FAIL }

    public enum Severity { CRITICAL, HIGH, MEDIUM, LOW }

    /** One check: severity is what a failure of it costs; evidence is what was found in the database. */
    public record Result(String id, String title, String group, Status status, Severity severity,
                         List<String> evidence, String remediation) {

        public boolean passed() {
            return status == Status.PASS;
        }
    }

    public AuditReport {
        results = List.copyOf(results);
    }

    public boolean passed() {
        return results.stream().allMatch(Result::passed);
    }

    public Result result(String id) {
        return results.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no check " + id));
    }

    /** Ids of the checks that did not pass, in report order. */
    public List<String> notPassed() {
        return results.stream().filter(r -> !r.passed()).map(Result::id).toList();
    }

    public String passRate() {
        long passed = results.stream().filter(Result::passed).count();
        return String.format(Locale.ROOT, "%.1f%% (%d/%d checks)", 100.0 * passed / results.size(), passed, results.size());
    }

    private long failures(Severity severity) {
        return results.stream().filter(r -> !r.passed() && r.severity() == severity).count();
    }

    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Queue Service Database Migrations Audit\n\n")
                .append("**Service:** queue-service  \n")
                .append("**Database:** `").append(database).append("`  \n")
                .append("**Standard:** queue-schema migration audit (MIG1 to MIG20), tenancy checks (TEN1 to TEN8) and Citus checks (CTS1 to CTS5)  \n")
                .append("**Date:** ").append(date.format(DateTimeFormatter.ofPattern("MMMM d, yyyy", Locale.ENGLISH))).append("  \n\n")
                .append("---\n\n## Executive Summary\n\n")
                .append("| Metric | Value |\n|--------|-------|\n")
                .append("| **Overall Pass Rate** | **").append(passRate().replace(" (", "** (")).append(" |\n");
        for (Severity severity : Severity.values()) {
            md.append("| **").append(severity.name()).append(" Issues** | ").append(failures(severity)).append(" |\n");
        }
        Map<String, List<Result>> groups = new LinkedHashMap<>();
        results.forEach(r -> groups.computeIfAbsent(r.group(), g -> new java.util.ArrayList<>()).add(r));
        groups.forEach((group, checks) -> {
            md.append("\n---\n\n## Section: ").append(group).append("\n");
            for (Result r : checks) {
                md.append("\n### ").append(r.id()).append(": ").append(r.title()).append("\n")
                        .append("| Status | **").append(r.status()).append("** |\n|--------|----------|\n");
                if (!r.passed()) {
                    md.append("| Severity | **").append(r.severity()).append("** |\n");
                }
                for (String evidence : r.evidence()) {
                    md.append("| Evidence | ").append(evidence.replace("|", "\\|")).append(" |\n");
                }
            }
        });
        md.append("\n---\n\n## Remediation Priority\n");
        if (passed()) {
            md.append("\nNothing to remediate: every check passed.\n");
        }
        for (Severity severity : Severity.values()) {
            List<Result> failed = results.stream().filter(r -> !r.passed() && r.severity() == severity).toList();
            if (!failed.isEmpty()) {
                md.append("\n### ").append(severity).append("\n");
                for (int i = 0; i < failed.size(); i++) {
                    md.append(i + 1).append(". **").append(failed.get(i).id()).append("** (").append(failed.get(i).title())
                            .append("): ").append(failed.get(i).remediation()).append("\n");
                }
            }
        }
        return md.toString();
    }
}
