package org.queueservice.schema.migrations.security;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.model.DatabaseRoles;

/**
 * Everything in one database's catalog that decides who can see which tenant's rows, read at one moment: the
 * tenant tables (those of the current schema with a {@code tenant_id} column) with their row-level security flags,
 * owner, policies, grants (table, column and sequence), triggers, rules, tenant foreign keys and indexes; the views
 * and materialized views that read them, directly or through other views; SECURITY DEFINER functions; default
 * privileges; and the attributes and memberships of the service and maintenance roles. Only reads the catalog.
 * {@link #changesFrom} lists what differs from another reading, {@link IsolationContract} judges it.
 */
public final class SecuritySurface {

    record Table(String name, boolean rowSecurity, boolean forced, String owner, boolean serviceActsAsOwner) {
    }

    /** @param command ALL, SELECT, INSERT, UPDATE or DELETE; @param roles sorted, {@code public} for everyone */
    record Policy(String table, String name, boolean permissive, String command, List<String> roles, String using, String withCheck) {
        String object() {
            return "policy " + name + " on " + table;
        }

        String state() {
            return (permissive ? "permissive" : "restrictive") + " for " + command + " to " + String.join(", ", roles)
                    + (using.isEmpty() ? "" : " using " + using) + (withCheck.isEmpty() ? "" : " with check " + withCheck);
        }
    }

    /**
     * A privilege held by a role other than the object's owner.
     *
     * @param kind table, column, sequence, view or function
     * @param table the tenant table it belongs to, null for a view or function
     * @param grantee a role name or {@code PUBLIC}
     */
    record Grant(String kind, String object, String table, String grantee, String privilege, boolean grantable) {
        String key() {
            return privilege + " on " + kind + " " + object + " to " + grantee;
        }
    }

    /** An entry of pg_default_acl; @param objectType table, sequence, function, type or schema; @param schema empty for all */
    record DefaultPrivilege(String creator, String schema, String objectType, String grantee, String privilege, boolean grantable) {
        String key() {
            return "default " + privilege + " on " + objectType + "s created by " + creator + (schema.isEmpty() ? "" : " in " + schema)
                    + " to " + grantee;
        }
    }

    /** A view or materialized view that reads a tenant table; @param grantees roles other than its owner that may read it */
    record View(String name, boolean materialized, String owner, boolean securityInvoker, boolean securityBarrier,
                List<String> tables, String definition, List<String> grantees) {
        String object() {
            return (materialized ? "materialized view " : "view ") + name;
        }

        String state() {
            return "reads " + String.join(", ", tables) + " as " + (securityInvoker ? "the caller" : "its owner " + owner)
                    + (securityBarrier ? ", security_barrier" : "") + ", granted to "
                    + (grantees.isEmpty() ? "nobody" : String.join(", ", grantees)) + ": " + definition;
        }
    }

    /** @param tables the tenant tables its body names; @param executors roles other than its owner that may execute it */
    record DefinerFunction(String signature, String owner, List<String> tables, String body, List<String> executors) {
        String state() {
            return "runs as " + owner + (tables.isEmpty() ? "" : ", names " + String.join(", ", tables)) + ", executable by "
                    + (executors.isEmpty() ? "its owner only" : String.join(", ", executors)) + ", body md5 " + body;
        }
    }

    /** A rule on a tenant table, or one elsewhere whose action reads or writes a tenant table. */
    record RewriteRule(String relation, String name, String definition) {
    }

    /**
     * A trigger of a tenant table; the foreign keys' internal triggers are one per table ({@code name} {@link #FOREIGN_KEY_TRIGGERS}),
     * since their names differ from database to database.
     *
     * @param enabled pg_trigger.tgenabled: O fires, D disabled, R only as a replica, A always; for the internal ones, the
     *                states other than O, or O
     */
    record Trigger(String table, String name, String function, String enabled) {
        static final String FOREIGN_KEY_TRIGGERS = "(foreign-key triggers)";
    }

    record ForeignKey(String table, String name, String definition, boolean validated) {
    }

    /**
     * @param tenantKey tenant_id is one of its key columns; @param primaryOnId the primary key on {@code id} alone
     * @param comparable what {@link #changesFrom} compares: the definition, its predicate as the planner reads it
     *                   ({@code SurfaceReader.plannedPredicate})
     */
    record Index(String table, String name, String definition, boolean unique, boolean tenantKey, boolean primaryOnId,
                 String comparable) {
        boolean global() {
            return unique && !tenantKey && !primaryOnId;
        }
    }

    record Role(String name, boolean superuser, boolean createRole, boolean createDb, boolean login, boolean replication,
                boolean bypassRls) {
        String state() {
            List<String> on = new ArrayList<>();
            if (superuser) {
                on.add("SUPERUSER");
            }
            if (createRole) {
                on.add("CREATEROLE");
            }
            if (createDb) {
                on.add("CREATEDB");
            }
            if (login) {
                on.add("LOGIN");
            }
            if (replication) {
                on.add("REPLICATION");
            }
            if (bypassRls) {
                on.add("BYPASSRLS");
            }
            return on.isEmpty() ? "no attributes" : String.join(" ", on);
        }
    }

    /** {@code member} is a direct member of {@code role}; @param memberBypassesRls the member is a superuser or BYPASSRLS */
    record Membership(String member, String role, boolean memberBypassesRls) {
        String object() {
            return member + " member of " + role;
        }
    }

    /**
     * One part of the surface as {@link #changesFrom} compares it; @param table its tenant table, null when it has none
     * @param comparable what is compared: {@code state}, but for an index one that does not depend on how its predicate
     *                   was deparsed
     */
    record Fact(SurfaceCategory category, String object, String state, String table, String comparable) {
        Fact(SurfaceCategory category, String object, String state, String table) {
            this(category, object, state, table, state);
        }
    }

    private final DatabaseRoles roles;
    private final List<Table> tables;
    private final List<Policy> policies;
    private final List<Grant> grants;
    private final List<DefaultPrivilege> defaultPrivileges;
    private final List<View> views;
    private final List<DefinerFunction> definerFunctions;
    private final List<RewriteRule> rules;
    private final List<Trigger> triggers;
    private final List<ForeignKey> foreignKeys;
    private final List<Index> indexes;
    private final List<Role> roleAttributes;
    private final List<Membership> memberships;
    private final Map<String, Fact> facts = new TreeMap<>();

    SecuritySurface(DatabaseRoles roles, List<Table> tables, List<Policy> policies, List<Grant> grants,
                    List<DefaultPrivilege> defaultPrivileges, List<View> views, List<DefinerFunction> definerFunctions,
                    List<RewriteRule> rules, List<Trigger> triggers, List<ForeignKey> foreignKeys, List<Index> indexes,
                    List<Role> roleAttributes, List<Membership> memberships) {
        this.roles = roles;
        this.tables = tables;
        this.policies = policies;
        this.grants = grants;
        this.defaultPrivileges = defaultPrivileges;
        this.views = views;
        this.definerFunctions = definerFunctions;
        this.rules = rules;
        this.triggers = triggers;
        this.foreignKeys = foreignKeys;
        this.indexes = indexes;
        this.roleAttributes = roleAttributes;
        this.memberships = memberships;
        for (Table t : tables) {
            add(SurfaceCategory.ROW_LEVEL_SECURITY, "ENABLE ROW LEVEL SECURITY on " + t.name(), t.rowSecurity() ? "on" : "off", t.name());
            add(SurfaceCategory.ROW_LEVEL_SECURITY, "FORCE ROW LEVEL SECURITY on " + t.name(), t.forced() ? "on" : "off", t.name());
            add(SurfaceCategory.GRANT, "owner of table " + t.name(), t.owner(), t.name());
        }
        policies.forEach(p -> add(SurfaceCategory.POLICY, p.object(), p.state(), p.table()));
        grants.forEach(g -> add(SurfaceCategory.GRANT, g.key(), g.grantable() ? "granted with grant option" : "granted", g.table()));
        defaultPrivileges.forEach(d -> add(SurfaceCategory.DEFAULT_PRIVILEGES, d.key(),
                d.grantable() ? "granted with grant option" : "granted", null));
        views.forEach(v -> add(SurfaceCategory.VIEW, v.object(), v.state(), null));
        definerFunctions.forEach(f -> add(SurfaceCategory.SECURITY_DEFINER, "SECURITY DEFINER function " + f.signature(), f.state(), null));
        rules.forEach(r -> add(SurfaceCategory.RULE, "rule " + r.name() + " on " + r.relation(), r.definition(), null));
        triggers.forEach(t -> add(SurfaceCategory.TRIGGER, "trigger " + t.name() + " on " + t.table(),
                t.function() + ", " + enabledState(t.enabled()), t.table()));
        foreignKeys.forEach(k -> add(SurfaceCategory.TENANT_FOREIGN_KEY, "tenant foreign key " + k.name() + " on " + k.table(),
                k.definition() + (k.validated() ? "" : " NOT VALID"), k.table()));
        indexes.forEach(i -> add(new Fact(SurfaceCategory.UNIQUE_KEY, "index " + i.name() + " on " + i.table(), i.definition(), i.table(),
                i.comparable())));
        roleAttributes.forEach(r -> add(SurfaceCategory.ROLE, "role " + r.name(), r.state(), null));
        memberships.forEach(m -> add(SurfaceCategory.ROLE, m.object(), m.memberBypassesRls() ? "member, bypasses row-level security"
                : "member", null));
    }

    /**
     * Reads the surface of the database {@code connection} is on, in its current schema, for the roles of {@code settings}.
     * Any login may read it: everything comes from catalogs every role can read.
     */
    public static SecuritySurface read(Connection connection, MigrationSettings settings) throws SQLException {
        return SurfaceReader.read(connection, settings);
    }

    /**
     * Everything that differs from {@code before}, in a stable order, each classified by its category: what was added,
     * removed, or changed (with both states). Not a judgement: {@link IsolationContract#violations(SecuritySurface, SecuritySurface)}
     * says which of them the contract does not allow.
     */
    public List<SurfaceChange> changesFrom(SecuritySurface before) {
        Set<String> keys = new TreeSet<>(before.facts.keySet());
        keys.addAll(facts.keySet());
        List<SurfaceChange> changes = new ArrayList<>();
        for (String key : keys) {
            Fact was = before.facts.get(key);
            Fact now = facts.get(key);
            if (was == null) {
                changes.add(new SurfaceChange(now.category().code(), now.object(), "added: " + now.state()));
            } else if (now == null) {
                changes.add(new SurfaceChange(was.category().code(), was.object(), "removed (was " + was.state() + ")"));
            } else if (!was.comparable().equals(now.comparable())) {
                changes.add(new SurfaceChange(now.category().code(), now.object(), "was " + was.state() + ", now " + now.state()));
            }
        }
        return changes;
    }

    DatabaseRoles roles() {
        return roles;
    }

    List<Table> tables() {
        return tables;
    }

    boolean hasTable(String name) {
        return tables.stream().anyMatch(t -> t.name().equals(name));
    }

    List<Policy> policies() {
        return policies;
    }

    List<Grant> grants() {
        return grants;
    }

    List<DefaultPrivilege> defaultPrivileges() {
        return defaultPrivileges;
    }

    List<View> views() {
        return views;
    }

    List<DefinerFunction> definerFunctions() {
        return definerFunctions;
    }

    List<RewriteRule> rules() {
        return rules;
    }

    List<Trigger> triggers() {
        return triggers;
    }

    List<ForeignKey> foreignKeys() {
        return foreignKeys;
    }

    List<Index> indexes() {
        return indexes;
    }

    List<Role> roleAttributes() {
        return roleAttributes;
    }

    List<Membership> memberships() {
        return memberships;
    }

    /** The fact {@code change} is about in this surface, if it holds one. */
    Fact fact(SurfaceChange change) {
        return facts.get(change.code() + " " + change.object());
    }

    static String enabledState(String enabled) {
        return switch (enabled) {
            case "O" -> "enabled";
            case "D" -> "disabled";
            case "R" -> "fires only as a replica";
            case "A" -> "fires always";
            default -> "partly disabled (" + enabled + ")";
        };
    }

    private void add(SurfaceCategory category, String object, String state, String table) {
        add(new Fact(category, object, state, table));
    }

    private void add(Fact fact) {
        facts.put(fact.category().code() + " " + fact.object(), fact);
    }

    /** Equal when {@link #changesFrom} finds no change. */
    @Override
    public boolean equals(Object other) {
        return other instanceof SecuritySurface s && comparables().equals(s.comparables());
    }

    @Override
    public int hashCode() {
        return Objects.hash(comparables());
    }

    private Map<String, String> comparables() {
        Map<String, String> comparables = new TreeMap<>();
        facts.forEach((key, fact) -> comparables.put(key, fact.comparable()));
        return comparables;
    }

    @Override
    public String toString() {
        return String.join("\n", facts.values().stream().map(f -> f.category().code() + " " + f.object() + ": " + f.state()).toList());
    }
}
