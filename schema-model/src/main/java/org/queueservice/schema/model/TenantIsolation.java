package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.query;

import java.util.List;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Privilege;
import org.jooq.Query;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Row-level security per tenant (why it has this form: docs/design.md). The tenant comes from a transaction-local setting
 * that the service sets with {@code SET LOCAL} (see TenantContext); there is deliberately no setting
 * that widens visibility: system-wide work runs as the maintenance role, admitted by its own policy.
 */
public final class TenantIsolation {

    /** The one setting that carries the current tenant (the original service's name). */
    public static final String SETTING = "app.current_tenant";

    /** Marks roles created by queue-schema, so rollback drops only those. */
    public static final String ROLE_CREATED_BY_US = "Created by queue-schema; dropped by its rollback when nothing depends on it.";

    static final List<Privilege> DATA_PRIVILEGES = List.of(
            DSL.privilege("select"), DSL.privilege("insert"), DSL.privilege("update"), DSL.privilege("delete"));

    private TenantIsolation() {
    }

    /**
     * {@code nullif(current_setting('app.current_tenant', true), '')::uuid}: compared as uuid so that the
     * tenant_id index serves it (current_setting is STABLE, so the planner uses it as an index condition,
     * evaluated once per scan), and blank means "no tenant" rather than a cast error. No sub-select: Citus
     * refuses one in a policy of a distributed table. The form of the policies since V4.
     */
    public static Field<java.util.UUID> currentTenant() {
        return setting().cast(SQLDataType.UUID);
    }

    /** The policies' condition since V4: the row belongs to the transaction's tenant. */
    public static Condition tenantCondition() {
        return TableDefinition.TENANT_ID.eq(currentTenant());
    }

    /**
     * The condition V2 released, {@code tenant_id = (select nullif(...)::uuid)}: the same comparison in a
     * sub-select (an InitPlan). V2 and adopt (which builds the V3 state) write it; V4 replaces it.
     */
    public static Condition subSelectTenantCondition() {
        return TableDefinition.TENANT_ID.eq(DSL.field(DSL.select(currentTenant())));
    }

    private static Field<String> setting() {
        Field<String> setting = DSL.function("current_setting", SQLDataType.VARCHAR, inline(SETTING), inline(true));
        return DSL.nullif(setting, inline(""));
    }

    /** {@code ALTER POLICY} of a table's tenant policy to {@code tenant}, in USING and WITH CHECK alike. */
    public static Query alterTenantPolicy(Name table, Condition tenant) {
        return query("alter policy {0} on {1} using ({2}) with check ({2})", tenantPolicy(table), table, tenant);
    }

    public static Name tenantPolicy(Name table) {
        return name(table.last() + "_tenant_isolation");
    }

    public static Name maintenancePolicy(Name table) {
        return name(table.last() + "_maintenance");
    }

    /**
     * Row-level security as V2 released it: the tenant policy in its sub-select form
     * ({@link #subSelectTenantCondition()}). V2 calls this, so its rendering is pinned by V2's checksum;
     * adopt calls it too, since it builds the state of V3 and V4 then follows.
     */
    public static List<Query> enable(Name table, DatabaseRoles roles) {
        return enable(table, roles, subSelectTenantCondition());
    }

    /**
     * Row-level security enabled and forced, the tenant policy on {@code tenant} (the current form is
     * {@link #tenantCondition()}), the maintenance policy, and the two roles' grants on one table.
     * Generated versions call this with the current form: its rendering is pinned by their checksums.
     */
    public static List<Query> enable(Name table, DatabaseRoles roles, Condition tenant) {
        Table<?> t = DSL.table(table);
        return List.of(
                query("alter table {0} enable row level security", table),
                // Without FORCE the owner bypasses every policy.
                query("alter table {0} force row level security", table),
                // CREATE POLICY has no IF NOT EXISTS; drop-and-create inside the migration's transaction is atomic.
                query("drop policy if exists {0} on {1}", tenantPolicy(table), table),
                query("create policy {0} on {1} as permissive for all to public using ({2}) with check ({2})",
                        tenantPolicy(table), table, tenant),
                query("drop policy if exists {0} on {1}", maintenancePolicy(table), table),
                query("create policy {0} on {1} as permissive for all to {2} using (true) with check (true)",
                        maintenancePolicy(table), table, roles.maintenanceName()),
                DSL.grant(DATA_PRIVILEGES).on(t).to(DSL.role(roles.applicationName())),
                DSL.grant(DATA_PRIVILEGES).on(t).to(DSL.role(roles.maintenanceName())));
    }

    /** The exact inverse of {@link #enable}, in reverse order. */
    public static List<Query> disable(Name table, DatabaseRoles roles) {
        Table<?> t = DSL.table(table);
        return List.of(
                DSL.revoke(DATA_PRIVILEGES).on(t).from(DSL.role(roles.maintenanceName())),
                DSL.revoke(DATA_PRIVILEGES).on(t).from(DSL.role(roles.applicationName())),
                query("drop policy if exists {0} on {1}", maintenancePolicy(table), table),
                query("drop policy if exists {0} on {1}", tenantPolicy(table), table),
                query("alter table {0} no force row level security", table),
                query("alter table {0} disable row level security", table));
    }

    public static SchemaStep createRoleIfAbsent(String role) {
        Condition absent = DSL.notExists(DSL.selectOne().from(PgRoles.TABLE).where(PgRoles.ROLNAME.eq(inline(role))));
        return SchemaStep.onlyIf(absent, "create role " + role,
                query("create role {0} nologin", name(role)),
                query("comment on role {0} is {1}", name(role), inline(ROLE_CREATED_BY_US)));
    }

    /** Drops a role we created, unless a login is a member or any database still references it. */
    public static SchemaStep dropRoleIfUnused(String role) {
        var oid = DSL.select(PgRoles.OID).from(PgRoles.TABLE).where(PgRoles.ROLNAME.eq(inline(role)));
        Condition ours = DSL.function("shobj_description", SQLDataType.VARCHAR, DSL.field(oid), inline("pg_authid"))
                .eq(inline(ROLE_CREATED_BY_US));
        Condition unused = DSL.notExists(DSL.selectOne().from(DSL.table(name("pg_catalog", "pg_shdepend")))
                        .where(DSL.field(name("refobjid")).eq(DSL.field(oid))))
                .and(DSL.notExists(DSL.selectOne().from(DSL.table(name("pg_catalog", "pg_auth_members")))
                        .where(DSL.field(name("roleid")).eq(DSL.field(oid)))));
        return SchemaStep.onlyIf(ours.and(unused), "drop role " + role + " (created by queue-schema, unused)",
                query("drop role {0}", name(role)));
    }

    private static final class PgRoles {
        static final org.jooq.Table<?> TABLE = DSL.table(name("pg_catalog", "pg_roles"));
        static final Field<String> ROLNAME = DSL.field(name("rolname"), SQLDataType.VARCHAR);
        static final Field<Long> OID = DSL.field(name("oid"), SQLDataType.BIGINT);
    }
}
