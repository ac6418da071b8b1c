package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.audit.AuditReport.Status;

/** What a check found: its status and the evidence lines of the report, problems first. */
public record Outcome(Status status, List<String> evidence) {

    public Outcome {
        evidence = List.copyOf(evidence);
    }

    /** PASS when there are no problems, else FAIL; the problems are listed before the evidence. */
    public static Outcome of(List<String> problems, List<String> evidence) {
        List<String> all = new ArrayList<>(problems);
        all.addAll(evidence);
        return new Outcome(problems.isEmpty() ? Status.PASS : Status.FAIL, all);
    }

    public static Outcome of(List<String> problems, String evidence) {
        return of(problems, List.of(evidence));
    }

    public boolean passed() {
        return status == Status.PASS;
    }
}
