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

    @Test
    void aPlainVacuumAndALockModeNotModelledStayUnlocked() {
        assertThat(locks("vacuum jobs")).isEmpty();
        assertThat(locks("lock table jobs in exclusive mode")).isEmpty();
    }

    /** GRANT ... ON grants privileges, on a schema or a function too; only a GRANT without ON grants a role. */
    @Test
    void onlyAGrantWithoutOnGrantsARole() {
        assertThat(Action.of("grant queue_maintenance to queue_app")).extracting(Action::kind).containsExactly(ActionKind.ROLE);
        assertThat(Action.of("alter role queue_app bypassrls")).extracting(Action::kind, Action::object)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ActionKind.ROLE, "queue_app"));
        assertThat(Action.of("grant usage on schema public to queue_app")).extracting(Action::kind).containsExactly(ActionKind.OTHER);
        assertThat(Action.of("grant execute on function f() to queue_app")).extracting(Action::kind).containsExactly(ActionKind.OTHER);
    }

    private static List<String> locks(String sql) {
        return Action.of(sql).stream().filter(a -> a.lock() != null)
                .map(a -> a.table() + " " + a.lock().label() + " " + a.cost().text()).toList();
    }
}
