package org.queueservice.schema.migrations.audit.checks;

import java.sql.SQLException;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.audit.AuditReport.Result;

/**
 * One check of the audit. Its class declares what it is with {@link Check}; {@link #evaluate} decides
 * it from the context alone. Register it in {@link AuditChecks}.
 */
public interface AuditCheck {

    /** Decides the check; a SQLException means the audit cannot run at all. */
    Outcome evaluate(AuditContext context) throws SQLException;

    default Check definition() {
        Check check = getClass().getAnnotation(Check.class);
        if (check == null) {
            throw new IllegalStateException(getClass().getName() + " declares no @Check");
        }
        return check;
    }

    /** What to do when it fails; overridden by a check whose advice names a configured role. */
    default String remediation(MigrationSettings settings) {
        return definition().remediation();
    }

    /** The check's line of the report. */
    default Result run(AuditContext context) throws SQLException {
        Check check = definition();
        Outcome outcome = evaluate(context);
        return new Result(check.id(), check.title(), check.section().title(), outcome.status(), check.severity(),
                outcome.evidence(), remediation(context.settings()));
    }
}
