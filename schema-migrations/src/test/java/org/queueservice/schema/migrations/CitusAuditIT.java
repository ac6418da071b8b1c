package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.queueservice.schema.migrations.audit.AuditReport;
import org.queueservice.schema.migrations.audit.MigrationAudit;
import org.queueservice.schema.migrations.audit.Workload;
import org.queueservice.schema.migrations.audit.checks.AuditCheck;
import org.queueservice.schema.migrations.audit.checks.AuditChecks;
import org.queueservice.schema.migrations.audit.checks.AuditContext;
import org.queueservice.schema.migrations.audit.checks.Section;

/**
 * The audit's Citus section (CTS1 to CTS5) on a coordinator migrated by queue-schema: it passes, then each seeded
 * fault fails the check that owns it, naming the table, shard and node, and the check passes again once the fault is
 * repaired as its remediation says. The faults are repaired before each test ends; their order only saves a migrate.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CitusAuditIT extends DatabaseIT {

    private ConnectionSettings owner;

    @Override
    protected boolean onCitus() {
        return true;
    }

    @BeforeAll
    void migrateOnTheCoordinator() throws SQLException {
        owner = migrateAsOwnerWithTwoTenants();
    }

    @Test
    @Order(1)
    void theCitusSectionPassesOnAMigratedCoordinatorWithWhatItFoundOnTheWorkers() throws SQLException {
        AuditReport report = new MigrationAudit(database.settings(), MigrationSettings.DEFAULT).run();

        List<AuditReport.Result> citus = report.results().stream().filter(r -> r.group().equals(Section.CITUS.title())).toList();
        assertThat(citus).extracting(AuditReport.Result::id).containsExactly("CTS1", "CTS2", "CTS3", "CTS4", "CTS5");
        assertThat(citus).allSatisfy(r -> assertThat(r.status()).as(r.id() + " " + r.evidence()).isEqualTo(AuditReport.Status.PASS));
        int shards = Integer.parseInt(rows("select count(*) from pg_dist_shard where logicalrelid = 'jobs'::regclass").get(0).get(0));
        assertThat(report.result("CTS1").evidence()).containsExactly("10 tenant tables distributed by tenant_id, all in colocation group "
                + rows("select colocationid from pg_dist_partition where logicalrelid = 'jobs'::regclass").get(0).get(0)
                + " of jobs (" + shards + " shards)");
        assertThat(report.result("CTS2").evidence()).singleElement().asString().startsWith("tenants is a reference table");
        assertThat(report.result("CTS3").evidence()).containsExactly("16 unique keys (primary keys included) of 10 tenant tables hold tenant_id");
        assertThat(report.result("CTS4").evidence()).containsExactly(10 * shards + " placements of 10 distributed tenant tables read on "
                + "the workers and compared with the coordinator's tables: row-level security enabled, forced, every policy");
        assertThat(report.result("CTS5").evidence()).contains("citus.enable_unsafe_triggers on for " + database.name(),
                "citus.propagate_set_commands = 'local' accepted: queue_app sets it to local");
        assertThat(report.markdown()).contains("## Section: Citus", "### CTS4: Tenant isolation on every shard placement\n| Status | **PASS** |");
    }

    @Test
    @Order(0)
    void theWholeAuditPassesOnAFreshlyMigratedCoordinator() throws SQLException {
        AuditReport report = new MigrationAudit(database.settings(), MigrationSettings.DEFAULT).run();

        assertThat(report.results()).allSatisfy(r -> assertThat(r.status()).as(r.id() + " " + r.evidence())
                .isEqualTo(AuditReport.Status.PASS));
        // The shards' plans, read through the coordinator's Custom Scan, under the coordinator's names.
        assertThat(report.result("MIG9").evidence()).contains("jobs: jobs_claim_idx, tenant_id in Index Cond",
                "jobs: jobs_finished_idx, tenant_id in Index Cond");
        // queue_app and queue_maintenance cannot log in to the workers: the plans are the audit's login's, a superuser's.
        String login = rows("select current_user").get(0).get(0);
        long tenantQueries = Workload.HOT_QUERIES.stream().filter(q -> !q.systemWide()).count();
        assertThat(report.result("MIG9").evidence()).noneMatch(e -> e.contains("under row-level security")).contains(
                "row-level security did not apply to the plans of " + tenantQueries + " hot queries run by queue_app: planned as "
                        + login + ", a superuser, since queue_app cannot log in to the workers",
                "row-level security did not apply to the plans of " + (Workload.HOT_QUERIES.size() - tenantQueries)
                        + (Workload.HOT_QUERIES.size() - tenantQueries == 1 ? " hot query " : " hot queries ")
                        + "run by queue_maintenance: planned as " + login + ", a superuser, since queue_maintenance cannot log in to the workers");
        assertThat(report.markdown()).contains("**100.0%** (" + report.results().size() + "/" + report.results().size() + " checks)");
    }

    @Test
    @Order(2)
    void aTenantPolicyDroppedOnOneShardPlacementFailsCts4NamingTheShardAndItsNodeUntilRecreatedThroughTheCoordinator() throws SQLException {
        List<String> shard = rows("select shardid, shard_name, nodename, nodeport from citus_shards where table_name = 'jobs'::regclass "
                + "order by shardid limit 1").get(0);
        // On the worker directly, as only a change that bypasses the coordinator can: the coordinator's catalog still has it.
        assertThat(rows("select success from master_run_on_worker(array[?], array[?::int], array[?], false)", shard.get(2), shard.get(3),
                "drop policy jobs_tenant_isolation on " + shard.get(1))).containsExactly(List.of("t"));
        assertThat(rows("select count(*) from pg_policy where polrelid = 'jobs'::regclass and polname = 'jobs_tenant_isolation'"))
                .containsExactly(List.of("1"));

        Map<String, AuditReport.Result> section = citusSection();

        assertThat(failing(section)).containsExactly("CTS4");
        assertThat(section.get("CTS4").evidence()).first().isEqualTo("jobs: shard " + shard.get(0) + " on " + shard.get(2) + ":"
                + shard.get(3) + ": policy jobs_tenant_isolation is missing");
        assertThat(section.get("CTS4").evidence()).filteredOn(e -> e.startsWith("jobs: shard")).hasSize(1);

        List<String> clauses = rows("select pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid) from pg_policy "
                + "where polrelid = 'jobs'::regclass and polname = 'jobs_tenant_isolation'").get(0);
        try (Connection c = database.open(); var s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("drop policy if exists jobs_tenant_isolation on jobs");
            s.execute("create policy jobs_tenant_isolation on jobs using (" + clauses.get(0) + ") with check (" + clauses.get(1) + ")");
            c.commit();
        }
        assertThat(failing(citusSection())).isEmpty();
    }

    @Test
    @Order(3)
    void aTableMovedOutOfTheColocationGroupOfJobsFailsCts1NamingBothGroupsUntilMovedBack() throws SQLException {
        execute("select update_distributed_table_colocation('queue_metrics', colocate_with => 'none')");
        String jobs = rows("select colocationid from pg_dist_partition where logicalrelid = 'jobs'::regclass").get(0).get(0);
        String metrics = rows("select colocationid from pg_dist_partition where logicalrelid = 'queue_metrics'::regclass").get(0).get(0);
        try {
            Map<String, AuditReport.Result> section = citusSection();

            assertThat(failing(section)).containsExactly("CTS1");
            assertThat(section.get("CTS1").evidence()).first().isEqualTo("queue_metrics is in colocation group " + metrics + ", jobs in "
                    + jobs + ": a tenant's rows of the two may sit on different workers, and its queries and foreign keys across them leave the shard");
        } finally {
            execute("select update_distributed_table_colocation('queue_metrics', colocate_with => 'jobs')");
        }
        assertThat(failing(citusSection())).isEmpty();
    }

    @Test
    @Order(4)
    void aTableMadeLocalAgainWithUndistributeTableFailsCts1UntilDistributePlacesItAgain() throws SQLException {
        // undistribute_table refuses a table with foreign keys unless it cascades to every table they connect, tenants included.
        String foreignKey = rows("select pg_get_constraintdef(oid) from pg_constraint where conname = 'queue_metrics_tenant_id_fkey'").get(0).get(0);
        execute("alter table queue_metrics drop constraint queue_metrics_tenant_id_fkey", "select undistribute_table('queue_metrics')");
        try {
            Map<String, AuditReport.Result> section = citusSection();

            assertThat(failing(section)).containsExactly("CTS1");
            assertThat(section.get("CTS1").evidence()).first()
                    .isEqualTo("queue_metrics is local, not distributed by tenant_id: its rows stay on the coordinator");
            assertThat(section.get("CTS4").evidence()).containsExactly(9 * shards() + " placements of 9 distributed tenant tables read "
                    + "on the workers and compared with the coordinator's tables: row-level security enabled, forced, every policy");
        } finally {
            new QueueSchemaMigrations(owner, MigrationSettings.DEFAULT).distribute(false, move -> { });
            execute("alter table queue_metrics add constraint queue_metrics_tenant_id_fkey " + foreignKey);
        }
        assertThat(failing(citusSection())).isEmpty();
    }

    @Test
    @Order(5)
    void aRestrictivePolicyCreatedThroughTheCoordinatorFailsCts4NamingItPermissiveOnEveryShardUntilDropped() throws SQLException {
        // On the coordinator it narrows nothing; Citus recreates it as permissive on each shard, where USING (true) opens every row.
        execute("create policy jobs_restrictive on jobs as restrictive using (true)");
        try {
            assertThat(rows("select polpermissive from pg_policy where polrelid = 'jobs'::regclass and polname = 'jobs_restrictive'"))
                    .containsExactly(List.of("f"));

            Map<String, AuditReport.Result> section = citusSection();

            assertThat(failing(section)).containsExactly("CTS4");
            List<String> placements = section.get("CTS4").evidence().stream().filter(e -> e.startsWith("jobs: shard")).toList();
            assertThat(placements).hasSize(shards()).allSatisfy(e -> assertThat(e).endsWith(": policy jobs_restrictive is permissive, "
                    + "on the coordinator restrictive (Citus recreates a restrictive policy as permissive on the shards, where it "
                    + "widens what a tenant reads instead of narrowing it)"));
        } finally {
            execute("drop policy jobs_restrictive on jobs");
        }
        assertThat(failing(citusSection())).isEmpty();
    }

    @Test
    @Order(6)
    void anExtraPermissivePolicyCreatedOnOneShardPlacementFailsCts4NamingItUntilDroppedThroughTheCoordinator() throws SQLException {
        List<String> shard = rows("select shardid, shard_name, nodename, nodeport from citus_shards where table_name = 'jobs'::regclass "
                + "order by shardid limit 1").get(0);
        assertThat(rows("select success from master_run_on_worker(array[?], array[?::int], array[?], false)", shard.get(2), shard.get(3),
                "create policy jobs_open on " + shard.get(1) + " using (true)")).containsExactly(List.of("t"));
        try {
            Map<String, AuditReport.Result> section = citusSection();

            assertThat(failing(section)).containsExactly("CTS4");
            assertThat(section.get("CTS4").evidence()).filteredOn(e -> e.startsWith("jobs: shard")).containsExactly("jobs: shard "
                    + shard.get(0) + " on " + shard.get(2) + ":" + shard.get(3) + ": policy jobs_open is not on the coordinator "
                    + "(permissive, for ALL, to public, using true, with check none)");
        } finally {
            // The coordinator has no such policy, yet propagates the DROP to the placements, which drop the one they have.
            execute("drop policy if exists jobs_open on jobs");
        }
        assertThat(failing(citusSection())).isEmpty();
    }

    @Test
    @Order(7)
    void theMaintenancePolicyTurnedToPublicOnOneShardPlacementFailsCts4NamingBothRoleLists() throws SQLException {
        // USING (true) for every role instead of the maintenance role alone: every tenant reads every row of that shard.
        List<String> shard = rows("select shardid, shard_name, nodename, nodeport from citus_shards where table_name = 'jobs'::regclass "
                + "order by shardid desc limit 1").get(0);
        String roles = rows("select array_to_string(array(select case r when 0 then 'public' else pg_get_userbyid(r) end from "
                + "unnest(polroles) r order by 1), ', ') from pg_policy where polrelid = 'jobs'::regclass and polname = 'jobs_maintenance'")
                .get(0).get(0);
        assertThat(rows("select success from master_run_on_worker(array[?], array[?::int], array[?], false)", shard.get(2), shard.get(3),
                "alter policy jobs_maintenance on " + shard.get(1) + " to public")).containsExactly(List.of("t"));
        try {
            Map<String, AuditReport.Result> section = citusSection();

            assertThat(failing(section)).containsExactly("CTS4");
            assertThat(section.get("CTS4").evidence()).filteredOn(e -> e.startsWith("jobs: shard")).containsExactly("jobs: shard "
                    + shard.get(0) + " on " + shard.get(2) + ":" + shard.get(3) + ": policy jobs_maintenance applies to public, "
                    + "on the coordinator to " + roles);
        } finally {
            assertThat(rows("select success from master_run_on_worker(array[?], array[?::int], array[?], false)", shard.get(2),
                    shard.get(3), "alter policy jobs_maintenance on " + shard.get(1) + " to " + roles)).containsExactly(List.of("t"));
        }
        assertThat(failing(citusSection())).isEmpty();
    }

    private int shards() throws SQLException {
        return Integer.parseInt(rows("select count(*) from pg_dist_shard where logicalrelid = 'jobs'::regclass").get(0).get(0));
    }

    /** The Citus section alone, as the audit runs it, read as the superuser: the other checks are MigrationAuditIT's. */
    private Map<String, AuditReport.Result> citusSection() throws SQLException {
        Map<String, AuditReport.Result> results = new LinkedHashMap<>();
        try (Connection c = database.open()) {
            AuditContext context = AuditContext.read(c, MigrationSettings.DEFAULT, Migrations.all(), null);
            for (AuditCheck check : AuditChecks.ALL) {
                if (check.definition().section() == Section.CITUS) {
                    results.put(check.definition().id(), check.run(context));
                }
            }
        }
        return results;
    }

    private static List<String> failing(Map<String, AuditReport.Result> section) {
        List<String> failing = new ArrayList<>();
        section.forEach((id, result) -> {
            if (!result.passed()) {
                failing.add(id);
            }
        });
        return failing;
    }
}
