package org.queueservice.schema.tenant;

import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jooq.Configuration;
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
 * <p>Built on a {@link DataSource}, each call opens and commits its own transaction. Built on the
 * service's own {@link DSLContext} or {@link Configuration}, a call made while the service's transaction
 * is open runs nested in it (jOOQ's transaction provider makes it a savepoint; a Spring-managed one joins
 * Spring's transaction): the work commits or rolls back with the service's transaction, and the tenant
 * stays set until that transaction ends. Checked exceptions thrown by the work come out as themselves,
 * after the rollback.
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

    /**
     * Work done inside a tenant's (or the maintenance role's) transaction; {@code E} is the checked
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
    private final String maintenanceRole;

    /** Each call opens and commits a transaction of its own on a connection from {@code dataSource}. */
    public TenantContext(DataSource dataSource) {
        this(dataSource, DEFAULT_MAINTENANCE_ROLE);
    }

    /** With the maintenance role a deployment chose at migrate time. */
    public TenantContext(DataSource dataSource, String maintenanceRole) {
        this(DSL.using(Objects.requireNonNull(dataSource, "dataSource"), SQLDialect.POSTGRES), maintenanceRole);
    }

    /**
     * Calls run through the service's {@code dsl}, nested in its transaction when one is open (the
     * {@code configuration.dsl()} inside the service's {@code transaction(...)}, or a Spring-managed one).
     */
    public TenantContext(DSLContext dsl) {
        this(dsl, DEFAULT_MAINTENANCE_ROLE);
    }

    /** As {@link #TenantContext(DSLContext)}, with the maintenance role a deployment chose at migrate time. */
    public TenantContext(DSLContext dsl, String maintenanceRole) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
        this.maintenanceRole = Objects.requireNonNull(maintenanceRole, "maintenanceRole");
    }

    /** As {@link #TenantContext(DSLContext)}, for the {@link Configuration} a jOOQ transaction hands the service. */
    public TenantContext(Configuration configuration) {
        this(Objects.requireNonNull(configuration, "configuration").dsl());
    }

    /** Runs {@code work} in one transaction that sees and writes only {@code tenant}'s rows. */
    public <T, E extends Exception> T inTenant(UUID tenant, Work<T, E> work) throws E {
        Objects.requireNonNull(tenant, "tenant id must not be null: without one, every query would see no rows");
        Objects.requireNonNull(work, "work");
        return inTransaction(tx -> tx.select(DSL.function("set_config", SQLDataType.VARCHAR,
                DSL.val(SETTING), DSL.val(tenant.toString()), DSL.val(true))).fetch(), work);
    }

    /** As {@link #inTenant(UUID, Work)}, for a tenant id received as text; a malformed id never reaches the database. */
    public <T, E extends Exception> T inTenant(String tenantId, Work<T, E> work) throws E {
        return inTenant(parseTenant(tenantId), work);
    }

    /**
     * Runs {@code work} as the maintenance role ({@code SET LOCAL ROLE}), which its own policy admits to
     * every tenant's rows: expiry sweeps, purges, stuck-job recovery. The connecting login must be a
     * member of that role; the application role is not. Nested in the service's transaction, the role
     * ends with the work, not with that transaction.
     */
    public <T, E extends Exception> T asMaintenance(Work<T, E> work) throws E {
        Objects.requireNonNull(work, "work");
        return inTransaction(tx -> tx.execute(DSL.query("set local role {0}", DSL.name(maintenanceRole))), tx -> {
            T result = work.run(tx);
            // Nested in the service's transaction, the role would otherwise last until that one ends.
            tx.execute(DSL.query("set local role none"));
            return result;
        });
    }

    /** Runs {@code setup}, then {@code work}, in one transaction (nested when the service's is open). */
    private <T, E extends Exception> T inTransaction(Consumer<DSLContext> setup, Work<T, E> work) throws E {
        try {
            return dsl.transactionResult(configuration -> {
                DSLContext tx = configuration.dsl();
                setup.accept(tx);
                try {
                    return work.run(tx);
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

    /** The tenant id of canonical UUID text, or an IllegalArgumentException that says what was wrong. */
    public static UUID parseTenant(String tenantId) {
        if (tenantId == null || !UUID_TEXT.matcher(tenantId).matches()) {
            throw new IllegalArgumentException("malformed tenant id '" + tenantId
                    + "': expected a UUID like 3f2b8c1e-7a4d-4e1b-9c2a-1d5e6f7a8b9c");
        }
        return UUID.fromString(tenantId);
    }
}
