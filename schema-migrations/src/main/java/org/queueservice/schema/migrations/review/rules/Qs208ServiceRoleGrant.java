package org.queueservice.schema.migrations.review.rules;

import java.util.List;
import java.util.regex.Pattern;

@Rule(code = "QS208", severity = Severity.ERROR, title = "TRUNCATE, REFERENCES, TRIGGER or ownership granted to the service role",
        explanation = "TRUNCATE empties a table for every tenant without a policy being asked; TRIGGER lets the role run code "
                + "on other tenants' writes; REFERENCES lets it probe other tenants' keys through foreign-key errors; an owner "
                + "can disable row-level security. The service role needs SELECT, INSERT, UPDATE and DELETE only.",
        safeAlternative = "Grant the four data privileges (`TenantIsolation.enable`); leave ownership with the migrating login.")
final class Qs208ServiceRoleGrant implements HazardRule {

    private static final Pattern POWERS = Pattern.compile("^grant .*\\b(truncate|references|trigger|all)\\b.* on ");

    @Override
    public List<Finding> find(ReviewContext context) {
        String service = context.roles().application();
        return context.actions(ActionKind.GRANT, ActionKind.OWNER).stream()
                .filter(a -> a.action().kind() == ActionKind.OWNER
                        ? service.equals(a.action().object())
                        // PUBLIC: every role, the service role included, holds what PUBLIC is granted
                        : POWERS.matcher(a.action().clause()).find()
                                && a.action().clause().matches(".* to (.*, ?)?(" + Pattern.quote(service) + "|public)\\b.*"))
                .map(a -> a.finding(a.action().kind() == ActionKind.OWNER
                        ? "table " + a.action().table() + " owned by the service role " + service
                        : "`" + a.action().clause() + "` gives the service role more than SELECT, INSERT, UPDATE, DELETE"))
                .distinct() // a grant on several tables is one action per table, and one finding
                .toList();
    }
}
