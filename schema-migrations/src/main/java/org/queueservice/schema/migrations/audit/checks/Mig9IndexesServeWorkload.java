package org.queueservice.schema.migrations.audit.checks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.audit.AuditReport.Severity;
import org.queueservice.schema.migrations.audit.AuditReport.Status;
import org.queueservice.schema.migrations.audit.QueryPlan;
import org.queueservice.schema.migrations.audit.Workload;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.citus.CitusCatalog;
import org.queueservice.schema.migrations.internal.DatabaseError;
import org.queueservice.schema.migrations.internal.RolledBackTransaction;
import org.queueservice.schema.migrations.internal.TransactionTenant;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.SqlRenderer;
import org.queueservice.schema.model.TableIndex;
import org.queueservice.schema.model.TenantTable;

/**
 * The model's indexes exist (PARTIAL when some are missing but every hot query is still served), and
 * every hot query of the workload is planned, under row-level security as the role that runs it, with
 * an index and no sequential scan, tenant_id in the Index Cond. A DELETE, UPDATE or FOR UPDATE query is
 * planned in its read-only form, so that the audit locks nothing more than ACCESS SHARE. Where the plan is the
 * audit's login's instead (the role cannot log in to the Citus workers, or the login is not its member) and that
 * login bypasses row-level security, the evidence says so rather than claim the policies were applied.
 */
@Check(id = "MIG9", title = "Indexes serve the workload", section = Section.DESIGN, severity = Severity.HIGH,
        remediation = "Recreate the missing indexes with `queue-schema repair` (migrate does nothing on an up-to-date database) and keep tenant_id leading.")
final class Mig9IndexesServeWorkload implements AuditCheck {

    @Override
    public Outcome evaluate(AuditContext context) throws SQLException {
        List<String> missing = new ArrayList<>();
        int present = 0;
        for (TenantTable table : QueueSchema.TABLES) {
            SchemaCatalog.Table found = context.catalog().schema().tables().get(table.tableName());
            for (TableIndex index : table.indexes()) {
                if (found != null && found.index(index.name().last()).isPresent()) {
                    present++;
                } else {
                    missing.add("index " + index.name().last() + " (" + index.purpose() + ") is missing on " + table.tableName());
                }
            }
        }
        List<String> unserved = new ArrayList<>();
        List<String> served = new ArrayList<>();
        // How many queries each reason covers, in the order met: why row-level security did not apply to their plans.
        Map<String, Integer> withoutRls = new LinkedHashMap<>();
        boolean workers = workersPlan(context.connection());
        for (Workload.HotQuery query : Workload.HOT_QUERIES) {
            QueryPlan plan;
            try {
                Explained explained = explain(context.connection(), context.settings(), query, workers);
                plan = explained.plan();
                explained.withoutRls().ifPresent(reason -> withoutRls.merge(reason, 1, Integer::sum));
            } catch (SQLException | DataAccessException e) {
                SQLException cause = DatabaseError.find(e);
                unserved.add(query.table() + ": `" + query.sql() + "` cannot be planned: "
                        + (cause == null ? e.getMessage() : DatabaseError.describe(cause)));
                continue;
            }
            if (!plan.remoteErrors().isEmpty()) {
                unserved.add(query.table() + ": `" + query.sql() + "` has no plan from the workers: "
                        + String.join("; ", plan.remoteErrors().stream().distinct().toList()));
                continue;
            }
            boolean ok = !plan.seqScan() && (query.systemWide() || plan.tenantIsIndexCondition());
            (ok ? served : unserved).add(query.table() + ": " + plan.firstIndex().orElse("no index")
                    + (query.systemWide() ? " (system-wide sweep)" : ", tenant_id in Index Cond")
                    + (ok ? "" : " — not served by a tenant-leading index: `" + query.sql() + "`"));
        }
        List<String> evidence = new ArrayList<>(missing);
        evidence.addAll(unserved);
        evidence.add(present + " workload indexes present; " + served.size() + " of " + Workload.HOT_QUERIES.size()
                + " hot queries of the workload served by an index" + (withoutRls.isEmpty() ? " under row-level security:" : ":"));
        evidence.addAll(served);
        withoutRls.forEach((reason, queries) -> evidence.add("row-level security did not apply to the plans of " + queries
                + (queries == 1 ? " hot query " : " hot queries ") + reason));
        if (workers) {
            evidence.add("on the Citus coordinator each query is judged by the plans the workers print for its shards, "
                    + "as the audit's login where the role that runs it cannot log in to the workers");
        }
        Status status = !unserved.isEmpty() ? Status.FAIL : missing.isEmpty() ? Status.PASS : Status.PARTIAL;
        return new Outcome(status, evidence);
    }

    /** Whether the tables are scanned on workers: the connection is on a Citus coordinator with distributed tables. */
    private static boolean workersPlan(Connection c) throws SQLException {
        return CitusCatalog.distributions(c).stream().anyMatch(t -> t.method().equals("distributed") || t.reference());
    }

    /**
     * A hot query's plan; {@code withoutRls} says, when row-level security did not apply to it, which role it was
     * meant for and which it was planned as (one that bypasses row-level security), and why.
     */
    private record Explained(QueryPlan plan, Optional<String> withoutRls) {
    }

    /** EXPLAIN as the role that runs it in production (under RLS), with sequential scans discouraged. */
    private static Explained explain(Connection c, MigrationSettings settings, Workload.HotQuery query, boolean workers)
            throws SQLException {
        return RolledBackTransaction.run(c, () -> {
            DSLContext db = DSL.using(c, SQLDialect.POSTGRES);
            String role = query.systemWide() ? settings.roles().maintenance() : settings.roles().application();
            // First, so that on Citus the workers plan the shards' scans with the settings below too.
            for (String setting : TransactionTenant.set(query.systemWide() ? "" : settings.systemTenant().toString())) {
                db.execute(setting);
            }
            // On an audited database with few rows any plan is a seq scan; the question is whether an index fits.
            db.execute("set local enable_seqscan = off");
            // Citus connects to the workers as the current role, which a NOLOGIN role cannot: its plan would have no scans.
            boolean reachesWorkers = !workers || db.fetchSingle("select rolcanlogin from pg_roles where rolname = ?", role)
                    .get(0, Boolean.class);
            boolean member = db.fetchSingle("select pg_has_role(?, 'MEMBER')", role).get(0, Boolean.class);
            if (reachesWorkers && member) {
                db.execute(SqlRenderer.render(DSL.query("set local role {0}", DSL.name(role))));
            }
            var planner = db.fetchSingle("select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user");
            Optional<String> withoutRls = Optional.empty();
            if (planner.get(1, Boolean.class) || planner.get(2, Boolean.class)) {
                String as = planner.get(0, String.class);
                withoutRls = Optional.of("run by " + role + ": planned as " + as
                        + (planner.get(1, Boolean.class) ? ", a superuser" : ", which has BYPASSRLS")
                        + (as.equals(role) ? "" : ", since " + (reachesWorkers ? as + " is not a member of " + role
                        : role + " cannot log in to the workers")));
            }
            return new Explained(Workload.explainReadOnly(c, query), withoutRls);
        });
    }
}
