package org.queueservice.schema.tenant;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Runs the queue service's database work for one tenant at a time. Each call is one transaction in
 * which {@code app.current_tenant} is set with {@code set_config(..., true)} (a bind parameter, local to
 * the transaction), so row-level security shows and accepts only that tenant's rows, and a pooled
 * connection carries nothing into the next transaction. Connect as a member of the application role,
 * never as the tables' owner or a superuser: those are not bound by the same rules.
 *
 * <pre>{@code
 * TenantContext tenants = new TenantContext(dataSource);
 * List<Jobs> pending = tenants.inTenant(tenantId, dsl -> new JobsDao(dsl.configuration()).fetchByStatus("pending"));
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

    /** Work done inside a tenant's (or the maintenance role's) transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(DSLContext dsl) throws Exception;
    }

    // Strict canonical form: java.util.UUID.fromString also accepts "1-2-3-4-5".
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private final DSLContext dsl;
    private final String maintenanceRole;

    public TenantContext(DataSource dataSource) {
        this(dataSource, DEFAULT_MAINTENANCE_ROLE);
    }

    /** With the maintenance role a deployment chose at migrate time. */
    public TenantContext(DataSource dataSource, String maintenanceRole) {
        this.dsl = DSL.using(Objects.requireNonNull(dataSource, "dataSource"), SQLDialect.POSTGRES);
        this.maintenanceRole = Objects.requireNonNull(maintenanceRole, "maintenanceRole");
    }

    /** Runs {@code work} in one transaction that sees and writes only {@code tenant}'s rows. */
    public <T> T inTenant(UUID tenant, Work<T> work) {
        Objects.requireNonNull(tenant, "tenant id must not be null: without one, every query would see no rows");
        Objects.requireNonNull(work, "work");
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.select(DSL.function("set_config", SQLDataType.VARCHAR,
                    DSL.val(SETTING), DSL.val(tenant.toString()), DSL.val(true))).fetch();
            return work.run(tx);
        });
    }

    /** As {@link #inTenant(UUID, Work)}, for a tenant id received as text; a malformed id never reaches the database. */
    public <T> T inTenant(String tenantId, Work<T> work) {
        return inTenant(parseTenant(tenantId), work);
    }

    /**
     * Runs {@code work} as the maintenance role ({@code SET LOCAL ROLE}), which its own policy admits to
     * every tenant's rows: expiry sweeps, purges, stuck-job recovery. The connecting login must be a
     * member of that role; the application role is not.
     */
    public <T> T asMaintenance(Work<T> work) {
        Objects.requireNonNull(work, "work");
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            tx.execute(DSL.query("set local role {0}", DSL.name(maintenanceRole)));
            return work.run(tx);
        });
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
