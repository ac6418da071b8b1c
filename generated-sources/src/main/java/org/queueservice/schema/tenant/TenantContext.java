package org.queueservice.schema.tenant;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Runs the queue service's database work for one tenant at a time. Each call is one transaction in
 * which {@code app.current_tenant} is set with {@code SET LOCAL} (local to the transaction), so row-level
 * security shows and accepts only that tenant's rows, and a pooled connection carries nothing into the
 * next transaction. Connect as a member of the application role, never as the tables' owner, a superuser
 * or a member of the maintenance role: those are not bound by the same rules (a call on such a connection
 * is refused).
 *
 * <p>Why {@code SET LOCAL} with the tenant as a literal, and {@code citus.propagate_set_commands}: on a
 * Citus cluster the coordinator sends each query to the worker that holds the tenant's shard, and the
 * shard's policy reads the setting there. A value set with {@code set_config()} stays on the coordinator;
 * a {@code SET LOCAL} is sent along to the workers the transaction uses when
 * {@code citus.propagate_set_commands} is {@code 'local'}. A SET takes no bind parameter, so the tenant is
 * validated first (a {@link UUID}, rendered back to its canonical text) and rendered by jOOQ as an inlined
 * literal, never concatenated. On plain PostgreSQL {@code citus.propagate_set_commands} is a placeholder
 * setting that nothing reads: the same code runs on both.
 *
 * <p>Built on a {@link DataSource}, each call opens and commits its own transaction. Built on the
 * service's own {@link DSLContext} or {@link Configuration}, a call made while the service's transaction
 * is open runs nested in it (jOOQ's transaction provider makes it a savepoint; a Spring-managed one joins
 * Spring's transaction): the work commits or rolls back with the service's transaction. Nested calls end
 * with the tenant their caller had: a call returns the setting to the value it found, and a call whose
 * work fails is rolled back to its savepoint, which restores it too. Checked exceptions thrown by the work
 * come out as themselves, after the rollback.
 *
 * <p>Maintenance work (expiry sweeps, purges, stuck-job recovery) runs on a connection of its own login, a
 * member of the maintenance role that its policy admits to every tenant's rows: see
 * {@link #withMaintenance(DataSource)}. There is no {@code SET ROLE}: on Citus the coordinator connects to
 * the workers as the current role, which a NOLOGIN group role cannot do.
 *
 * <pre>{@code
 * TenantContext tenants = new TenantContext(dataSource);
 * List<Jobs> pending = tenants.inTenant(tenantId, dsl -> new JobsDao(dsl.configuration()).fetchByStatus(JobStatus.PENDING));
 * }</pre>
 */
public final class TenantContext {

    /**
     * The transaction-local setting that carries the current tenant, the one the tenant policies read
     * ({@code TenantIsolation.SETTING} in schema-model; a test holds the two equal).
     */
    public static final String SETTING = "app.current_tenant";

    /** The maintenance role queue-schema creates unless told another name ({@code --maintenance-role}). */
    public static final String DEFAULT_MAINTENANCE_ROLE = "queue_maintenance";

    /** Citus's setting that sends a transaction's {@code SET LOCAL} commands along to the workers. */
    static final String CITUS_PROPAGATE_SET_COMMANDS = "citus.propagate_set_commands";

    /**
     * Work done inside a tenant's (or the maintenance login's) transaction; {@code E} is the checked
     * exception it may throw, which the call rethrows as it is.
     */
    @FunctionalInterface
    public interface Work<T, E extends Exception> {
        T run(DSLContext dsl) throws E;
    }

    /** Carries a checked exception of the work through jOOQ's transaction, which would wrap it otherwise. */
    private static final class CheckedFromWork extends RuntimeException {
        CheckedFromWork(Exception cause) {
            super(cause);
        }
    }

    // Strict canonical form: java.util.UUID.fromString also accepts "1-2-3-4-5".
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final DSLContext dsl;
    private final DSLContext maintenance;
    private final String maintenanceRole;

    /** Each call opens and commits a transaction of its own on a connection from {@code dataSource}. */
    public TenantContext(DataSource dataSource) {
        this(DSL.using(Objects.requireNonNull(dataSource, "dataSource"), SQLDialect.POSTGRES), null, DEFAULT_MAINTENANCE_ROLE);
    }

    /**
     * Calls run through the service's {@code dsl}, nested in its transaction when one is open (the
     * {@code configuration.dsl()} inside the service's {@code transaction(...)}, or a Spring-managed one).
     */
    public TenantContext(DSLContext dsl) {
        this(Objects.requireNonNull(dsl, "dsl"), null, DEFAULT_MAINTENANCE_ROLE);
    }

    /** As {@link #TenantContext(DSLContext)}, for the {@link Configuration} a jOOQ transaction hands the service. */
    public TenantContext(Configuration configuration) {
        this(Objects.requireNonNull(configuration, "configuration").dsl());
    }

    private TenantContext(DSLContext dsl, DSLContext maintenance, String maintenanceRole) {
        this.dsl = dsl;
        this.maintenance = maintenance;
        this.maintenanceRole = maintenanceRole;
    }

    /**
     * The same context, with {@link #asMaintenance} running on connections from {@code maintenanceLogin}: a
     * login of its own (not the service's) that is a member of the maintenance role and inherits its
     * privileges (the default, {@code GRANT queue_maintenance TO queue_sweeper_login}). Maintenance work
     * runs in transactions of its own on that pool, never nested in the service's.
     */
    public TenantContext withMaintenance(DataSource maintenanceLogin) {
        return new TenantContext(dsl, DSL.using(Objects.requireNonNull(maintenanceLogin, "maintenanceLogin"), SQLDialect.POSTGRES),
                maintenanceRole);
    }

    /** The same context, for a deployment that chose another maintenance role at migrate time ({@code --maintenance-role}). */
    public TenantContext withMaintenanceRole(String role) {
        return new TenantContext(dsl, maintenance, Objects.requireNonNull(role, "role"));
    }

    /**
     * Runs {@code work} in one transaction that sees and writes only {@code tenant}'s rows. Refused, before
     * the work runs, on a connection whose login the maintenance policy admits to every tenant.
     */
    public <T, E extends Exception> T inTenant(UUID tenant, Work<T, E> work) throws E {
        Objects.requireNonNull(tenant, "tenant id must not be null: without one, every query would see no rows");
        Objects.requireNonNull(work, "work");
        String literal = canonical(tenant);
        return inTransaction(dsl, tx -> {
            Record2<String, Boolean> found = tx.select(
                    DSL.function("current_setting", SQLDataType.VARCHAR, DSL.inline(SETTING), DSL.inline(true)),
                    DSL.field(hasMaintenancePrivileges())).fetchSingle();
            if (Boolean.TRUE.equals(found.value2())) {
                throw new IllegalStateException("inTenant refused: the login of this connection has the privileges of the "
                        + "maintenance role " + maintenanceRole + ", whose policy shows every tenant's rows; run tenant work on the "
                        + "service login's connections (a member of the application role only)");
            }
            String before = found.value1();
            tx.batch(set(CITUS_PROPAGATE_SET_COMMANDS, "local"), set(SETTING, literal)).execute();
            T result = work.run(tx);
            // Nested in a transaction that had a tenant (or none), the caller goes on with it, not with ours.
            tx.execute(set(SETTING, before == null ? "" : before));
            return result;
        });
    }

    /** As {@link #inTenant(UUID, Work)}, for a tenant id received as text; a malformed id never reaches the database. */
    public <T, E extends Exception> T inTenant(String tenantId, Work<T, E> work) throws E {
        return inTenant(parseTenant(tenantId), work);
    }

    /**
     * Runs {@code work} in a transaction of its own on the maintenance login's connection (see
     * {@link #withMaintenance}), whose role's policy admits it to every tenant's rows. Called inside tenant
     * work, it does not share that transaction and leaves its tenant as it was.
     */
    public <T, E extends Exception> T asMaintenance(Work<T, E> work) throws E {
        Objects.requireNonNull(work, "work");
        if (maintenance == null) {
            throw new IllegalStateException("asMaintenance needs the maintenance login's connections: "
                    + "tenants.withMaintenance(maintenanceDataSource), a login that is a member of " + maintenanceRole
                    + " and not the service's");
        }
        return inTransaction(maintenance, tx -> {
            if (!tx.fetchValue(DSL.field(hasMaintenancePrivileges()))) {
                throw new IllegalStateException("asMaintenance refused: the maintenance login " + tx.fetchValue("select current_user")
                        + " does not have the privileges of " + maintenanceRole + "; GRANT " + maintenanceRole + " TO it (with INHERIT)");
            }
            return work.run(tx);
        });
    }

    /** Whether the connection's role has the privileges of the maintenance role, whose policy admits every tenant. */
    private org.jooq.Condition hasMaintenancePrivileges() {
        return DSL.exists(DSL.selectOne().from(DSL.table(DSL.name("pg_catalog", "pg_roles")))
                .where(DSL.field(DSL.name("rolname"), SQLDataType.VARCHAR).eq(DSL.val(maintenanceRole)))
                .and(DSL.condition("pg_has_role(current_user, {0}, 'USAGE')", DSL.field(DSL.name("oid")))));
    }

    /** {@code SET LOCAL setting = 'value'}: a SET takes no bind parameter, so the value is an inlined (escaped) literal. */
    private static org.jooq.Query set(String setting, String value) {
        return DSL.query("set local {0} = {1}", DSL.unquotedName(setting.split("\\.")), DSL.inline(value));
    }

    /** Runs {@code work} in one transaction of {@code on} (nested when the service's is open). */
    private static <T, E extends Exception> T inTransaction(DSLContext on, Work<T, E> work) throws E {
        try {
            return on.transactionResult(configuration -> {
                try {
                    return work.run(configuration.dsl());
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CheckedFromWork(e);
                }
            });
        } catch (CheckedFromWork e) {
            // Work.run declares E alone, so the only checked exception it can have thrown is an E.
            @SuppressWarnings("unchecked")
            E thrown = (E) e.getCause();
            throw thrown;
        }
    }

    /** The uuid's canonical text, checked to read back as the same uuid: the only text a SET of the tenant gets. */
    private static String canonical(UUID tenant) {
        String text = tenant.toString();
        if (!UUID_TEXT.matcher(text).matches() || !UUID.fromString(text).equals(tenant)) {
            throw new IllegalArgumentException("tenant id " + text + " does not read back as itself");
        }
        return text;
    }

    /** The tenant id of canonical UUID text, or an IllegalArgumentException that says what was wrong. */
    public static UUID parseTenant(String tenantId) {
        if (tenantId == null || !UUID_TEXT.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("malformed tenant id '" + tenantId
                    + "': expected a UUID like 3f2b8c1e-7a4d-4e1b-9c2a-1d5e6f7a8b9c");
        }
        return UUID.fromString(tenantId);
    }
}
