package org.queueservice.schema.migrations.review.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.queueservice.schema.migrations.isolation.Breach;
import org.queueservice.schema.migrations.review.rules.Finding;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;
import org.queueservice.schema.migrations.review.rules.Rule;
import org.queueservice.schema.migrations.review.rules.Severity;

@Rule(code = "QS220", severity = Severity.ERROR, title = "Isolation attack succeeds after the version",
        explanation = "After the version was applied to the scratch database, a login that is only in the service role, with Acme as "
                + "its tenant or with none, read, wrote or removed rows of another tenant: through a table, a view or a function it "
                + "may use. The queue service connects as such a login, so after this version one tenant reaches another's jobs.",
        safeAlternative = "Keep every table behind `TenantIsolation.enable`; give views `security_invoker` and grant them only what "
                + "the tables allow; no SECURITY DEFINER function over tenant tables, no policy or privilege beyond the four data "
                + "privileges for the service role.")
final class Qs220IsolationAttackSucceeds implements TracedRule {

    @Override
    public List<Finding> find(Trace trace, Set<ReviewedStatement> flagged) {
        List<Finding> findings = new ArrayList<>();
        for (VersionTrace version : trace.versions()) {
            if (version.statements().isEmpty()) {
                continue;
            }
            ReviewedStatement last = version.statements().get(version.statements().size() - 1).statement();
            for (Breach breach : version.breaches()) {
                findings.add(new Finding(last, "attack \"" + breach.attack() + "\" on " + breach.object() + ": " + breach.seen()));
            }
        }
        return findings;
    }
}
