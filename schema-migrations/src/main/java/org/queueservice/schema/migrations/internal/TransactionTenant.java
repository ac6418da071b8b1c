package org.queueservice.schema.migrations.internal;

import java.util.List;

import org.jooq.impl.DSL;
import org.queueservice.schema.model.SqlRenderer;
import org.queueservice.schema.model.TenantIsolation;

/**
 * The statements that set the tenant for the rest of a transaction, as the service's TenantContext does: SET LOCAL,
 * which Citus sends on to the workers once {@code citus.propagate_set_commands} is {@code 'local'}; a value set with
 * {@code set_config()} stays on the coordinator, where the shards' policies never see it. On plain PostgreSQL the
 * Citus setting is an inert placeholder.
 */
public final class TransactionTenant {

    private TransactionTenant() {
    }

    /** {@code tenant} as the transaction's tenant; an empty one leaves the tenant unset, as for the maintenance role. */
    public static List<String> set(String tenant) {
        // The propagation first: it applies to the SET LOCALs after it, this one and any the caller adds.
        return List.of(setLocal("citus.propagate_set_commands", "local"), setLocal(TenantIsolation.SETTING, tenant));
    }

    private static String setLocal(String setting, String value) {
        return SqlRenderer.render(DSL.query("set local {0} = {1}", DSL.name(setting.split("\\.")), DSL.inline(value)));
    }
}
