package org.queueservice.schema.migrations.review;

import org.queueservice.schema.migrations.review.ReviewReport.Hazard;

/** The one-line verdict every format starts from. */
final class Summary {

    private Summary() {
    }

    static String verdict(ReviewReport report) {
        long errors = report.findings().stream().filter(Hazard::blocking).count();
        long warnings = report.findings().stream().filter(h -> h.severity().equals("WARNING") && !h.accepted()).count();
        long accepted = report.findings().stream().filter(Hazard::accepted).count();
        String counts = errors + " error(s), " + warnings + " warning(s), " + accepted + " accepted";
        return report.exitCode() == 0 ? "**Passes**: " + counts + "." : "**Fails**: " + counts + ".";
    }
}
