package org.queueservice.schema.migrations.audit.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.audit.AuditReport.Status;
import org.queueservice.schema.migrations.citus.CitusCatalog.UniqueKey;
import org.queueservice.schema.migrations.citus.TableDistribution;

/** The Citus section's judgements on what the catalog of a coordinator says; CitusAuditIT reads a real one. */
class CitusChecksTest {

    private static final List<String> TABLES = List.of("jobs", "queues", "schedules");

    private static TableDistribution distributed(String table, String column, int group) {
        return new TableDistribution(table, "distributed", Optional.of(column), group, 32);
    }

    private static Map<String, TableDistribution> placement(TableDistribution... tables) {
        Map<String, TableDistribution> placement = new LinkedHashMap<>();
        for (TableDistribution table : tables) {
            placement.put(table.table(), table);
        }
        return placement;
    }

    @Test
    void tenantTablesDistributedByTenantIdInTheGroupOfJobsPass() {
        Outcome outcome = Cts1TenantTablesColocated.judge(TABLES, placement(distributed("jobs", "tenant_id", 2),
                distributed("queues", "tenant_id", 2), distributed("schedules", "tenant_id", 2)));

        assertThat(outcome.status()).isEqualTo(Status.PASS);
        assertThat(outcome.evidence()).containsExactly("3 tenant tables distributed by tenant_id, all in colocation group 2 of jobs (32 shards)");
    }

    @Test
    void aLocalTableATableDistributedByAnotherColumnAndOneInAnotherGroupAreEachNamed() {
        Outcome outcome = Cts1TenantTablesColocated.judge(List.of("jobs", "queues", "schedules", "rate_limits"), placement(
                distributed("jobs", "tenant_id", 2), new TableDistribution("queues", "local", Optional.empty(), 0, 0),
                distributed("schedules", "id", 2), distributed("rate_limits", "tenant_id", 3)));

        assertThat(outcome.status()).isEqualTo(Status.FAIL);
        assertThat(outcome.evidence()).startsWith(
                "queues is local, not distributed by tenant_id: its rows stay on the coordinator",
                "schedules is distributed by id, not distributed by tenant_id",
                "rate_limits is in colocation group 3, jobs in 2: a tenant's rows of the two may sit on different workers, and its "
                        + "queries and foreign keys across them leave the shard");
    }

    @Test
    void withJobsItselfLocalEveryTenantTableIsNamedAndNoGroupIsCompared() {
        Outcome outcome = Cts1TenantTablesColocated.judge(List.of("jobs", "queues"), placement(
                new TableDistribution("jobs", "citus local", Optional.empty(), 0, 1), distributed("queues", "tenant_id", 5)));

        assertThat(outcome.evidence()).containsExactly("jobs is citus local, not distributed by tenant_id",
                "jobs is not distributed by tenant_id: no colocation group to compare with");
    }

    @Test
    void tenantsPassesAsAReferenceTableOnlyAndFailsDistributedOrMissing() {
        assertThat(Cts2TenantsReference.judge(Optional.of(new TableDistribution("tenants", "reference", Optional.empty(), 1, 1))).status())
                .isEqualTo(Status.PASS);
        assertThat(Cts2TenantsReference.judge(Optional.of(distributed("tenants", "id", 4))).evidence()).containsExactly(
                "tenants is distributed by id, not a reference table: the tenant tables' foreign keys to it need a copy of it on every node");
        assertThat(Cts2TenantsReference.judge(Optional.empty()).evidence()).containsExactly("table tenants does not exist");
    }

    @Test
    void aUniqueKeyWithoutTenantIdFailsWhereverTenantIdStandsInTheOthers() {
        List<UniqueKey> keys = List.of(new UniqueKey("jobs", "jobs_pkey", true), new UniqueKey("queues", "queues_tenant_id_name_key", true),
                new UniqueKey("queues", "queues_name_key", false));

        Outcome outcome = Cts3UniqueKeysHoldTenantId.judge(2, keys);

        assertThat(outcome.status()).isEqualTo(Status.FAIL);
        assertThat(outcome.evidence()).containsExactly(
                "queues: unique key queues_name_key does not hold tenant_id (unique across tenants, which a shard cannot enforce)",
                "2 unique keys (primary keys included) of 2 tenant tables hold tenant_id");
        assertThat(Cts3UniqueKeysHoldTenantId.judge(2, keys.subList(0, 2)).status()).isEqualTo(Status.PASS);
    }

    private static final String TENANT = "(tenant_id = x)";

    /** A relation's rows as CTS4 decodes them from a catalog: enabled, forced, then one row per policy. */
    private static Cts4IsolationOnEveryShard.Isolation isolation(String enabled, String forced, String... policies) {
        List<List<String>> rows = new ArrayList<>();
        for (String policy : policies) {
            List<String> row = new ArrayList<>(List.of(enabled, forced));
            row.addAll(Arrays.stream(policy.split("\\|", -1)).map(f -> f.equals("null") ? null : f).toList());
            rows.add(row);
        }
        if (rows.isEmpty()) {
            rows.add(Arrays.asList(enabled, forced, null, null, null, null, null, null));
        }
        return Cts4IsolationOnEveryShard.Isolation.of(rows);
    }

    @Test
    void aPlacementDiffersFromTheCoordinatorByWhatItLacksOrChanges() {
        String tenant = "jobs_tenant_isolation|true|ALL|public|" + TENANT + "|" + TENANT;
        Cts4IsolationOnEveryShard.Isolation coordinator = isolation("true", "true", tenant);

        assertThat(isolation("true", "true", tenant).differences(coordinator)).isEmpty();
        assertThat(isolation("true", "true").differences(coordinator)).containsExactly("policy jobs_tenant_isolation is missing");
        assertThat(isolation("false", "false", "jobs_tenant_isolation|true|ALL|public|true|null").differences(coordinator))
                .containsExactly("row-level security is not enabled", "row-level security is not forced",
                        "policy jobs_tenant_isolation uses `true`, on the coordinator `" + TENANT + "`",
                        "policy jobs_tenant_isolation checks `none`, on the coordinator `" + TENANT + "`");
    }

    @Test
    void everyPolicyIsComparedAndOneOnlyThePlacementHasIsNamedWithAllItHas() {
        String restrictive = "jobs_not_failed|false|SELECT|queue_app|(status <> 'failed')|null";
        Cts4IsolationOnEveryShard.Isolation coordinator = isolation("true", "true", "jobs_maintenance|true|ALL|queue_maintenance|true|true",
                restrictive);

        assertThat(isolation("true", "true", "jobs_maintenance|true|ALL|public|true|true", "jobs_not_failed|true|ALL|queue_app|(status <> 'failed')|null",
                "jobs_open|true|ALL|public|true|null").differences(coordinator)).containsExactly(
                "policy jobs_maintenance applies to public, on the coordinator to queue_maintenance",
                "policy jobs_not_failed is permissive, on the coordinator restrictive (Citus recreates a restrictive policy as permissive "
                        + "on the shards, where it widens what a tenant reads instead of narrowing it)",
                "policy jobs_not_failed is for ALL, on the coordinator for SELECT",
                "policy jobs_open is not on the coordinator (permissive, for ALL, to public, using true, with check none)");
    }
}
