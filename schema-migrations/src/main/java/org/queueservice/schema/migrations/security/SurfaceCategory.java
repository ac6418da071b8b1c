package org.queueservice.schema.migrations.security;

import java.util.Arrays;

import org.queueservice.schema.migrations.review.rules.Rule;
import org.queueservice.schema.migrations.review.rules.Severity;

/**
 * What a part of the {@link SecuritySurface} is, with the stable code a {@link SurfaceChange} of it carries, declared
 * once with {@link Rule} as the review's rules are (the rules table of docs/reviewing.md lists both).
 */
public enum SurfaceCategory {

    @Rule(code = "QS209", severity = Severity.ERROR, title = "Policy of a tenant table admits rows outside the tenant",
            explanation = "Permissive policies are OR-ed: one whose USING or WITH CHECK is not exactly the tenant condition "
                    + "(`OR true`, `<>`, `OR current_user = ...`, `(SELECT true)`), or that admits a role other than the maintenance "
                    + "role to every row, opens every tenant to the service. A restrictive policy removed or loosened lifts a "
                    + "condition every row had to meet.",
            safeAlternative = "The policies `TenantIsolation.enable` writes: the tenant condition in both clauses to PUBLIC, "
                    + "`true` to the maintenance role only.")
    POLICY,

    @Rule(code = "QS210", severity = Severity.ERROR, title = "Row-level security not enabled and forced on a tenant table",
            explanation = "Without ENABLE no policy applies and every role with a grant reads every tenant; without FORCE the "
                    + "table's owner, the login migrations and maintenance often run as, does.",
            safeAlternative = "`ALTER TABLE ... ENABLE ROW LEVEL SECURITY` and `FORCE ROW LEVEL SECURITY` on every tenant table; "
                    + "a step that must lift FORCE restores it in the same transaction.")
    ROW_LEVEL_SECURITY,

    @Rule(code = "QS211", severity = Severity.ERROR, title = "Grant or ownership beyond the service and maintenance roles' data privileges",
            explanation = "TRUNCATE empties a table for every tenant without a policy being asked, TRIGGER and REFERENCES reach "
                    + "other tenants' rows through code and key errors, a grant option passes privileges on, and any privilege "
                    + "held by PUBLIC or a login directly escapes what the two roles are reviewed for. A service role that can "
                    + "act as a table's owner can turn row-level security off.",
            safeAlternative = "Grant SELECT, INSERT, UPDATE and DELETE to the service role and what it needs to the maintenance "
                    + "role; give logins membership in one of them, never privileges of their own; leave ownership with the "
                    + "migrating login.")
    GRANT,

    @Rule(code = "QS212", severity = Severity.ERROR, title = "Default privileges grant on future tables or sequences",
            explanation = "`ALTER DEFAULT PRIVILEGES` grants on every table created later, tenant tables included, before any "
                    + "review sees the grant: TRUNCATE to the service role or anything to PUBLIC arrives with the next version.",
            safeAlternative = "Grant on each table in the version that creates it (`TenantIsolation.enable`).")
    DEFAULT_PRIVILEGES,

    @Rule(code = "QS213", severity = Severity.ERROR, title = "View or materialized view reads a tenant table for others",
            explanation = "A view without `security_invoker` reads its tables as its owner, whom the tenant policies may not "
                    + "bind as they bind the caller, and `security_barrier` does not change that; a materialized view copies "
                    + "every tenant's rows into a relation without row-level security. Granted to anyone, either shows one "
                    + "tenant the others.",
            safeAlternative = "`CREATE VIEW ... WITH (security_invoker = true)` so the caller's policies apply; no materialized "
                    + "view over a tenant table, or one kept to its owner.")
    VIEW,

    @Rule(code = "QS214", severity = Severity.ERROR, title = "SECURITY DEFINER function executable by others",
            explanation = "A SECURITY DEFINER function runs as its owner: whoever may execute it reads and writes what the owner "
                    + "can, across tenants when the owner is a superuser, bypasses row-level security or is admitted by the "
                    + "maintenance policy.",
            safeAlternative = "SECURITY INVOKER (the default), so the caller's tenant policies apply; or revoke EXECUTE from "
                    + "PUBLIC and every role but the maintenance role.")
    SECURITY_DEFINER,

    @Rule(code = "QS215", severity = Severity.ERROR, title = "Rule on a tenant table",
            explanation = "A rule rewrites queries on the table (or writes to it from another relation) before the policies "
                    + "are asked, with the rule owner's rights: a `DO ALSO` can copy every tenant's rows elsewhere, a `DO INSTEAD` "
                    + "can send writes to another tenant.",
            safeAlternative = "No rules: a trigger that runs as the writer (SECURITY INVOKER), or the logic in the service.")
    RULE,

    @Rule(code = "QS216", severity = Severity.ERROR, title = "Trigger of a tenant table disabled, removed or added",
            explanation = "A disabled foreign-key trigger stops the tenant foreign key from being enforced, a disabled or "
                    + "removed trigger stops what it guarantees, and a trigger added to an existing table runs its code on "
                    + "every tenant's writes.",
            safeAlternative = "Keep the triggers enabled; a backfill that must skip them runs as a version of its own that "
                    + "says so with `@AcceptsHazard`.")
    TRIGGER,

    @Rule(code = "QS217", severity = Severity.ERROR, title = "Tenant foreign key missing or not validated",
            explanation = "Without a validated foreign key from tenant_id to tenants, rows can name a tenant that does not exist "
                    + "(and one created later with that id inherits them) or outlive their tenant.",
            safeAlternative = "`FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE RESTRICT`, validated, on every tenant "
                    + "table.")
    TENANT_FOREIGN_KEY,

    @Rule(code = "QS218", severity = Severity.ERROR, title = "Unique key without tenant_id, or an index that is no longer the model's",
            explanation = "A unique index whose key does not include tenant_id, whatever its name, makes one tenant's insert "
                    + "fail on another tenant's value, and the unique violation tells it the value exists. An index whose "
                    + "definition changed under the model's name (a BRIN `jobs_claim_idx`) hides that the queries it serves lost it.",
            safeAlternative = "`UNIQUE (tenant_id, column)`; an index of another definition under a name of its own.")
    UNIQUE_KEY,

    @Rule(code = "QS219", severity = Severity.ERROR, title = "Service or maintenance role gains a power or a role",
            explanation = "SUPERUSER, BYPASSRLS and REPLICATION skip row-level security; CREATEROLE lets a role grant itself "
                    + "others; a membership brings the other role's policies and privileges (the maintenance role's admit every "
                    + "row), and a login in the service role that bypasses row-level security makes the service do so.",
            safeAlternative = "Keep both roles NOLOGIN without attributes, the service role a member of no role, and its "
                    + "members ordinary logins.")
    ROLE;

    /** The category's declaration: code, title, explanation and safe alternative. */
    public Rule rule() {
        try {
            return SurfaceCategory.class.getField(name()).getAnnotation(Rule.class);
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("enum constant " + name() + " has no field", e);
        }
    }

    public String code() {
        return rule().code();
    }

    /** The category of a {@link SurfaceChange#code()}. */
    public static SurfaceCategory ofCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code().equals(code)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no security surface category has code " + code));
    }
}
