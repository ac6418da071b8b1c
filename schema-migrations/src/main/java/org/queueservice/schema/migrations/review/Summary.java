package org.queueservice.schema.migrations.review;

import org.queueservice.schema.migrations.review.ReviewReport.Hazard;

/** The one-line verdict every format starts from. */
final class Summary {

    private Summary() {
    }

    static String verdict(ReviewReport report) {
        long errors = report.hazards().stream().filter(Hazard::blocking).count();
        long warnings = report.hazards().stream().filter(h -> h.severity().equals("WARNING") && !h.accepted()).count();
        long accepted = report.hazards().stream().filter(Hazard::accepted).count();
        String counts = errors + " error(s), " + warnings + " warning(s), " + accepted + " accepted";
        return report.exitCode() == 0 ? "**Passes**: " + counts + "." : "**Fails**: " + counts + ".";
    }
}
