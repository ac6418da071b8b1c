package org.queueservice.schema.migrations.review.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

@Rule(code = "QS208", severity = Severity.ERROR, title = "TRUNCATE, REFERENCES, TRIGGER, ownership, a role or BYPASSRLS granted to the service role",
        explanation = "TRUNCATE empties a table for every tenant without a policy being asked; TRIGGER lets the role run code "
                + "on other tenants' writes; REFERENCES lets it probe other tenants' keys through foreign-key errors; an owner "
                + "can disable row-level security. Membership in another role brings that role's policies with it (the "
                + "maintenance role's admit every row); BYPASSRLS and SUPERUSER skip row-level security altogether, and CREATEROLE "
                + "lets the role grant itself other roles. The service role needs SELECT, INSERT, UPDATE and DELETE only.",
        safeAlternative = "Grant the four data privileges (`TenantIsolation.enable`); leave ownership with the migrating login, "
                + "and grant the service role no role and no role attribute.")
final class Qs208ServiceRoleGrant implements HazardRule {

    private static final Pattern POWERS = Pattern.compile("^grant .*\\b(truncate|references|trigger|all)\\b.* on ");

    /** The attributes that lift row-level security for the role, or let it take another role's policies. */
    private static final Pattern ATTRIBUTES = Pattern.compile("\\b(superuser|bypassrls|createrole)\\b");

    @Override
    public List<Finding> find(ReviewContext context) {
        String service = context.roles().application();
        List<Finding> findings = new ArrayList<>(context.actions(ActionKind.ROLE).stream()
                .filter(a -> a.action().object() == null
                        ? grantedTo(a.action().clause(), service)
                        // a password or a setting's value is a literal
                        : service.equals(a.action().object()) && ATTRIBUTES.matcher(SqlText.withoutLiterals(a.action().clause())).find())
                .map(a -> a.finding("`" + a.action().clause() + "` lets the service role " + service + " past its tenant's rows"))
                .toList());
        findings.addAll(context.actions(ActionKind.GRANT, ActionKind.OWNER).stream()
                .filter(a -> a.action().kind() == ActionKind.OWNER
                        ? service.equals(a.action().object())
                        // PUBLIC: every role, the service role included, holds what PUBLIC is granted
                        : POWERS.matcher(a.action().clause()).find()
                                && (grantedTo(a.action().clause(), service) || grantedTo(a.action().clause(), "public")))
                .map(a -> a.finding(a.action().kind() == ActionKind.OWNER
                        ? "table " + a.action().table() + " owned by the service role " + service
                        : "`" + a.action().clause() + "` gives the service role more than SELECT, INSERT, UPDATE, DELETE"))
                .distinct() // a grant on several tables is one action per table, and one finding
                .toList());
        return findings;
    }

    private static boolean grantedTo(String clause, String role) {
        return clause.matches(".* to (.*, ?)?" + Pattern.quote(role) + "\\b.*");
    }
}
