package org.queueservice.schema.migrations.security;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.TenantIsolation;

/**
 * The tenant isolation V1 to V3 establish, as rules on a {@link SecuritySurface}. On every tenant table: row-level
 * security enabled and forced; permissive policies that compare tenant_id with the current tenant in every clause, or
 * admit the maintenance role alone; no privilege beyond SELECT, INSERT, UPDATE and DELETE for the service role and none
 * for PUBLIC or any other role but the maintenance role (logins get membership, not grants), and an owner the service
 * role cannot act as; no rule; every trigger enabled; a validated tenant foreign key; no unique key without tenant_id but
 * the primary key on id. Around the tables: no view that reads one as its owner (or materialized view) granted to
 * anyone; no SECURITY DEFINER function anyone but its owner may execute; no default privilege that grants on future
 * tables or sequences beyond the same rules; the service role without SUPERUSER, BYPASSRLS, REPLICATION and
 * CREATEROLE, a member of no role, and none of its members bypassing row-level security; the maintenance role neither
 * SUPERUSER nor CREATEROLE.
 */
public final class IsolationContract {

    /** {@link TenantIsolation#tenantCondition()} as pg_get_expr prints it back. */
    public static final String TENANT_CONDITION = "(" + TableDefinition.TENANT_ID.getName() + " = ( SELECT (NULLIF(current_setting('"
            + TenantIsolation.SETTING + "'::text, true), ''::text))::uuid AS \"nullif\"))";

    private static final Set<String> DATA_PRIVILEGES = Set.of("SELECT", "INSERT", "UPDATE", "DELETE");

    private IsolationContract() {
    }

    /** What in one database breaks the contract, whatever it was before: for the audit and for repair's detection. */
    public static List<SurfaceChange> violations(SecuritySurface surface) {
        String service = surface.roles().application();
        String maintenance = surface.roles().maintenance();
        List<SurfaceChange> found = new ArrayList<>();
        for (SecuritySurface.Table t : surface.tables()) {
            if (!t.rowSecurity()) {
                found.add(new SurfaceChange(code(SurfaceCategory.ROW_LEVEL_SECURITY), "ENABLE ROW LEVEL SECURITY on " + t.name(),
                        "row-level security is disabled on " + t.name() + ": no policy applies"));
            }
            if (!t.forced()) {
                found.add(new SurfaceChange(code(SurfaceCategory.ROW_LEVEL_SECURITY), "FORCE ROW LEVEL SECURITY on " + t.name(),
                        "row-level security is not forced on " + t.name() + ": its owner " + t.owner() + " reads every tenant"));
            }
            if (t.serviceActsAsOwner()) {
                found.add(new SurfaceChange(code(SurfaceCategory.GRANT), "owner of table " + t.name(),
                        t.name() + " is owned by " + t.owner() + ", which the service role " + service + " can act as"));
            }
            if (surface.foreignKeys().stream().noneMatch(k -> k.table().equals(t.name()) && k.validated())) {
                found.add(new SurfaceChange(code(SurfaceCategory.TENANT_FOREIGN_KEY), "tenant foreign key on " + t.name(),
                        t.name() + " has no validated foreign key from tenant_id to tenants"));
            }
        }
        for (SecuritySurface.Policy p : surface.policies()) {
            problemOf(p, maintenance).ifPresent(problem -> found.add(new SurfaceChange(code(SurfaceCategory.POLICY), p.object(), problem)));
        }
        for (SecuritySurface.Grant g : surface.grants()) {
            if (!g.kind().equals("view") && !g.kind().equals("function") && !allowed(g.kind(), g.grantee(), g.privilege(), g.grantable(), service, maintenance)) {
                found.add(new SurfaceChange(code(SurfaceCategory.GRANT), g.key(), g.grantee() + " holds " + g.privilege()
                        + (g.grantable() ? " WITH GRANT OPTION" : "") + " on " + g.kind() + " " + g.object()
                        + ", beyond the service and maintenance roles' data privileges"));
            }
        }
        for (SecuritySurface.DefaultPrivilege d : surface.defaultPrivileges()) {
            if ((d.objectType().equals("table") || d.objectType().equals("sequence"))
                    && !allowed(d.objectType(), d.grantee(), d.privilege(), d.grantable(), service, maintenance)) {
                found.add(new SurfaceChange(code(SurfaceCategory.DEFAULT_PRIVILEGES), d.key(), "every " + d.objectType() + " "
                        + d.creator() + " creates" + (d.schema().isEmpty() ? "" : " in " + d.schema()) + " will grant " + d.privilege()
                        + " to " + d.grantee()));
            }
        }
        for (SecuritySurface.View v : surface.views()) {
            if ((v.materialized() || !v.securityInvoker()) && !v.grantees().isEmpty()) {
                found.add(new SurfaceChange(code(SurfaceCategory.VIEW), v.object(), v.object() + " reads "
                        + String.join(", ", v.tables()) + (v.materialized() ? " into a copy without row-level security"
                        : " as its owner " + v.owner() + " (no security_invoker)") + " and is granted to " + String.join(", ", v.grantees())));
            }
        }
        for (SecuritySurface.DefinerFunction f : surface.definerFunctions()) {
            if (!f.executors().isEmpty()) {
                found.add(new SurfaceChange(code(SurfaceCategory.SECURITY_DEFINER), "SECURITY DEFINER function " + f.signature(),
                        f.signature() + " runs as " + f.owner() + (f.tables().isEmpty() ? "" : " and names " + String.join(", ", f.tables()))
                                + ", executable by " + String.join(", ", f.executors())));
            }
        }
        for (SecuritySurface.RewriteRule r : surface.rules()) {
            found.add(new SurfaceChange(code(SurfaceCategory.RULE), "rule " + r.name() + " on " + r.relation(),
                    "rule " + r.name() + " on " + r.relation() + " rewrites queries before the policies apply: " + r.definition()));
        }
        for (SecuritySurface.Trigger t : surface.triggers()) {
            if (!t.enabled().equals("O")) {
                found.add(new SurfaceChange(code(SurfaceCategory.TRIGGER), "trigger " + t.name() + " on " + t.table(),
                        "trigger " + t.name() + " on " + t.table() + " is " + SecuritySurface.enabledState(t.enabled())));
            }
        }
        for (SecuritySurface.Index i : surface.indexes()) {
            if (i.global()) {
                found.add(new SurfaceChange(code(SurfaceCategory.UNIQUE_KEY), "index " + i.name() + " on " + i.table(),
                        "unique across tenants (tenant_id is not in its key): " + i.definition()));
            }
        }
        found.addAll(roleViolations(surface));
        return found;
    }

    /**
     * The changes from {@code before} to {@code after} the contract does not allow: what breaks it in {@code after} and did
     * not in {@code before}; a restrictive policy removed or altered; and, on a tenant table present in both, a trigger
     * removed, added or altered, an index whose definition changed under its name, and a tenant foreign key altered.
     * For review (a version applied to a scratch database), drift and the audit (a database against a fresh migration).
     */
    public static List<SurfaceChange> violations(SecuritySurface before, SecuritySurface after) {
        Map<String, SurfaceChange> found = new LinkedHashMap<>();
        Set<String> already = keys(violations(before));
        for (SurfaceChange v : violations(after)) {
            if (!already.contains(v.code() + " " + v.object())) {
                found.put(v.code() + " " + v.object(), v);
            }
        }
        for (SurfaceChange change : after.changesFrom(before)) {
            SecuritySurface.Fact was = before.fact(change);
            SecuritySurface.Fact now = after.fact(change);
            SecuritySurface.Fact either = was != null ? was : now;
            boolean tableKept = either.table() != null && before.hasTable(either.table()) && after.hasTable(either.table());
            boolean weakens = switch (either.category()) {
                case POLICY -> was != null && was.state().startsWith("restrictive")
                        && (now == null || !now.state().startsWith("restrictive") || !now.state().equals(was.state()));
                // the foreign keys' triggers come and go with the keys, whose absence breaks the contract by itself
                case TRIGGER -> tableKept && (was == null || now == null ? !either.object().contains(SecuritySurface.Trigger.FOREIGN_KEY_TRIGGERS)
                        : !was.state().equals(now.state()));
                case TENANT_FOREIGN_KEY, UNIQUE_KEY -> tableKept && was != null && now != null;
                default -> false;
            };
            if (weakens) {
                found.putIfAbsent(change.code() + " " + change.object(), change);
            }
        }
        return List.copyOf(found.values());
    }

    private static List<SurfaceChange> roleViolations(SecuritySurface surface) {
        String service = surface.roles().application();
        List<SurfaceChange> found = new ArrayList<>();
        for (SecuritySurface.Role r : surface.roleAttributes()) {
            List<String> powers = new ArrayList<>();
            if (r.superuser()) {
                powers.add("SUPERUSER");
            }
            if (r.createRole()) {
                powers.add("CREATEROLE");
            }
            if (r.name().equals(service) && r.bypassRls()) {
                powers.add("BYPASSRLS");
            }
            if (r.name().equals(service) && r.replication()) {
                powers.add("REPLICATION");
            }
            if (!powers.isEmpty()) {
                found.add(new SurfaceChange(code(SurfaceCategory.ROLE), "role " + r.name(), (r.name().equals(service) ? "the service role "
                        : "the maintenance role ") + r.name() + " has " + String.join(" ", powers)));
            }
        }
        for (SecuritySurface.Membership m : surface.memberships()) {
            if (m.member().equals(service)) {
                found.add(new SurfaceChange(code(SurfaceCategory.ROLE), m.object(), "the service role " + service + " is a member of "
                        + m.role() + " and acts with its privileges and policies"));
            } else if (m.role().equals(service) && m.memberBypassesRls()) {
                found.add(new SurfaceChange(code(SurfaceCategory.ROLE), m.object(), m.member() + ", a member of the service role "
                        + service + ", is a superuser or has BYPASSRLS: the service skips row-level security as it"));
            }
        }
        return found;
    }

    /** Why a policy breaks the contract, if it does. */
    private static Optional<String> problemOf(SecuritySurface.Policy p, String maintenance) {
        if (!p.permissive()) {
            return Optional.empty(); // a restrictive policy only narrows what the permissive ones admit
        }
        if (p.roles().equals(List.of(maintenance))) {
            return Optional.empty();
        }
        boolean reads = !p.command().equals("INSERT");
        boolean writes = p.command().equals("ALL") || p.command().equals("INSERT") || p.command().equals("UPDATE");
        List<String> wrong = new ArrayList<>();
        if (reads && !p.using().equals(TENANT_CONDITION)) {
            wrong.add("USING " + (p.using().isEmpty() ? "absent" : p.using()));
        }
        // without WITH CHECK, ALL and UPDATE check new rows with USING
        boolean checkFallsBack = p.withCheck().isEmpty() && !p.command().equals("INSERT");
        if (writes && !checkFallsBack && !p.withCheck().equals(TENANT_CONDITION)) {
            wrong.add("WITH CHECK " + (p.withCheck().isEmpty() ? "absent" : p.withCheck()));
        }
        if (wrong.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("permissive policy for " + p.command() + " to " + String.join(", ", p.roles()) + " has "
                + String.join(" and ", wrong) + ", not the tenant condition " + TENANT_CONDITION);
    }

    /** Whether a privilege on a tenant table, column or sequence (or a default one on future ones) is within the contract. */
    private static boolean allowed(String kind, String grantee, String privilege, boolean grantable, String service, String maintenance) {
        if (grantee.equals(maintenance)) {
            return true;
        }
        if (!grantee.equals(service) || grantable) {
            return false;
        }
        return kind.equals("sequence") || DATA_PRIVILEGES.contains(privilege);
    }

    private static Set<String> keys(List<SurfaceChange> changes) {
        Set<String> keys = new HashSet<>();
        changes.forEach(c -> keys.add(c.code() + " " + c.object()));
        return keys;
    }

    private static String code(SurfaceCategory category) {
        return category.code();
    }
}
