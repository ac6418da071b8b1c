package org.queueservice.schema.migrations.audit.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.security.IsolationContract;
import org.queueservice.schema.model.TenantIsolation;

/**
 * Both clauses of every tenant policy are exactly the model's condition, as PostgreSQL prints it back: uuid to
 * uuid, without a sub-select (Citus refuses one in a policy of a distributed table; V4 removed it).
 */
@Check(id = "TEN3", title = "Policy compares uuid to uuid without a sub-select", section = Section.TENANCY,
        severity = Severity.HIGH, remediation = "Compare tenant_id to `NULLIF(current_setting('"
        + TenantIsolation.SETTING + "', true), '')::uuid`, never `tenant_id::text` and not in a sub-select.")
final class Ten3UuidSubSelect implements AuditCheck {

    /** {@link TenantIsolation#tenantCondition()} as pg_get_expr renders it. */
    static final String EXPECTED = IsolationContract.TENANT_CONDITION;

    @Override
    public Outcome evaluate(AuditContext context) {
        AuditCatalog catalog = context.catalog();
        List<String> problems = new ArrayList<>(catalog.missingTables());
        for (String table : catalog.presentTables()) {
            Optional<AuditCatalog.Policy> policy = catalog.tenantPolicy(table);
            if (policy.isEmpty()) {
                problems.add(table + ": no tenant policy");
                continue;
            }
            for (String expression : List.of(policy.get().using(), policy.get().withCheck())) {
                if (!expression.isEmpty() && !expression.equals(EXPECTED)) {
                    problems.add(table + ": tenant policy is `" + expression + "`");
                }
            }
        }
        return Outcome.of(problems, "every tenant policy is `" + EXPECTED + "`: index-friendly (current_setting is STABLE), no sub-select");
    }
}
