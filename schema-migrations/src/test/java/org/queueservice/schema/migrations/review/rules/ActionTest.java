package org.queueservice.schema.migrations.review.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The lock and cost the review reports for statements that change no definition but still lock a table. */
class ActionTest {

    @Test
    void truncateAndLockTableTakeTheirDocumentedLocks() {
        assertThat(locks("truncate table jobs, rate_limiters restart identity")).containsExactly(
                "jobs ACCESS EXCLUSIVE no scan, no rewrite", "rate_limiters ACCESS EXCLUSIVE no scan, no rewrite");
        assertThat(locks("lock table jobs")).containsExactly("jobs ACCESS EXCLUSIVE no scan, no rewrite");
        assertThat(locks("lock table only jobs in share row exclusive mode nowait")).containsExactly("jobs SHARE ROW EXCLUSIVE no scan, no rewrite");
    }

    @Test
    void vacuumFullAndClusterRewriteAndReindexScans() {
        assertThat(locks("vacuum full verbose jobs")).containsExactly("jobs ACCESS EXCLUSIVE rewrites the table and its indexes");
        assertThat(locks("vacuum (full, analyze) public.jobs")).containsExactly("jobs ACCESS EXCLUSIVE rewrites the table and its indexes");
        assertThat(locks("cluster jobs using jobs_pkey")).containsExactly("jobs ACCESS EXCLUSIVE rewrites the table and its indexes");
        assertThat(locks("reindex table jobs")).containsExactly("jobs SHARE scans every row");
        assertThat(locks("reindex table concurrently jobs")).containsExactly("jobs SHARE UPDATE EXCLUSIVE scans every row");
    }

    /** What PostgreSQL's documentation gives each: plain VACUUM and ANALYZE, every LOCK TABLE mode, the light ALTER TABLE forms. */
    @Test
    void everyFormReportsTheLockItReallyTakes() {
        assertThat(locks("vacuum jobs")).containsExactly("jobs SHARE UPDATE EXCLUSIVE scans every row");
        assertThat(locks("analyze jobs")).containsExactly("jobs SHARE UPDATE EXCLUSIVE scans every row");
        assertThat(locks("lock table jobs in exclusive mode")).containsExactly("jobs EXCLUSIVE no scan, no rewrite");
        assertThat(locks("lock jobs in access share mode")).containsExactly("jobs ACCESS SHARE no scan, no rewrite");
        assertThat(locks("lock table jobs in row share mode")).containsExactly("jobs ROW SHARE no scan, no rewrite");
        assertThat(locks("alter table jobs set (fillfactor = 70, autovacuum_vacuum_scale_factor = 0.01)"))
                .containsExactly("jobs SHARE UPDATE EXCLUSIVE no scan, no rewrite");
        assertThat(locks("alter table jobs set (user_catalog_table = true)")).containsExactly("jobs ACCESS EXCLUSIVE no scan, no rewrite");
        assertThat(locks("alter table jobs alter column type set statistics 500")).containsExactly("jobs SHARE UPDATE EXCLUSIVE no scan, no rewrite");
        assertThat(locks("alter table jobs disable trigger all")).containsExactly("jobs SHARE ROW EXCLUSIVE no scan, no rewrite");
        assertThat(locks("alter table jobs enable trigger jobs_set_updated_at")).containsExactly("jobs SHARE ROW EXCLUSIVE no scan, no rewrite");
        assertThat(locks("alter table jobs set unlogged")).containsExactly("jobs ACCESS EXCLUSIVE rewrites the table and its indexes");
        assertThat(locks("alter table jobs detach partition jobs_2024 concurrently")).containsExactly("jobs SHARE UPDATE EXCLUSIVE no scan, no rewrite");
        assertThat(locks("reindex index jobs_claim_idx")).containsExactly("null SHARE scans every row");
        assertThat(locks("cluster jobs_claim_idx on jobs")).containsExactly("jobs ACCESS EXCLUSIVE rewrites the table and its indexes");
    }

    /** GRANT ... ON grants privileges, on a schema or a function too; only a GRANT without ON grants a role. */
    @Test
    void onlyAGrantWithoutOnGrantsARole() {
        assertThat(actions("grant queue_maintenance to queue_app")).extracting(Action::kind).containsExactly(ActionKind.ROLE);
        assertThat(actions("alter role queue_app bypassrls")).extracting(Action::kind, Action::object)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ActionKind.ROLE, "queue_app"));
        assertThat(actions("grant usage on schema public to queue_app")).extracting(Action::kind).containsExactly(ActionKind.OTHER);
        assertThat(actions("grant execute on function f() to queue_app")).extracting(Action::kind).containsExactly(ActionKind.OTHER);
    }

    private static List<Action> actions(String sql) {
        return Action.of(SqlStatements.split(sql).get(0));
    }

    private static List<String> locks(String sql) {
        return actions(sql).stream().filter(a -> a.lock() != null)
                .map(a -> a.table() + " " + a.lock().label() + " " + a.cost().text()).toList();
    }
}
