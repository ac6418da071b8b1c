package org.queueservice.schema.migrations;

import static org.jooq.impl.DSL.*;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jooq.Name;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.TenantIsolation;

/**
 * Makes the schema distributable by tenant (Citus needs the distribution column in every unique key and
 * refuses a sub-select in a policy), on plain PostgreSQL alike, and keeps the claim one ordered range:
 * <ul>
 * <li>the tenant policies compare {@code tenant_id} to {@code nullif(current_setting(...), '')::uuid} directly,
 * still uuid to uuid and still an index condition ({@code current_setting} is STABLE);</li>
 * <li>every primary key becomes {@code (tenant_id, id)}, built online: a unique index {@code CONCURRENTLY}, then
 * the key swapped {@code USING INDEX} under the lock timeout;</li>
 * <li>{@code jobs.scheduled_for} gets the default {@code CURRENT_TIMESTAMP}, its NULLs ("due at once") become the
 * job's {@code created_at} in batches, and it becomes NOT NULL (CHECK NOT VALID, VALIDATE, SET NOT NULL), so the
 * claim {@code scheduled_for <= now()} is one range of {@code jobs_claim_idx}, read in order up to its LIMIT.</li>
 * </ul>
 * Written by hand: the generator does not write policy changes, primary key moves or backfills. Each step commits
 * on its own and is idempotent, so a run stopped half-way is finished by the next; every down step is safe at any
 * point the up steps can stop at. Rollback keeps the filled {@code scheduled_for} values (a job due at its creation
 * is what NULL meant). Released: once applied anywhere it never changes.
 */
@AcceptsHazard(code = "QS100", reason = "the backfill of jobs.scheduled_for is OnlineDdl.backfillNulls' DO block: one UPDATE "
        + "of 1,000 pages at a time, each committed, under a policy that admits only the migrating login while it runs")
@AcceptsHazard(code = "QS403", reason = "each primary key is swapped in one ALTER TABLE (DROP CONSTRAINT, ADD CONSTRAINT ... USING "
        + "INDEX) so that no moment is without a key; V4 runs before migrate or distribute places any table on Citus")
public final class V4__Distributable_by_tenant extends SchemaMigration {

    private static final Name JOBS = name("jobs");
    private static final Name SCHEDULED_FOR = name("scheduled_for");

    @Override
    public boolean canExecuteInTransaction() {
        return false;
    }

    @Override
    public List<SchemaStep> up(MigrationSettings settings) {
        List<SchemaStep> steps = new ArrayList<>();
        for (Name table : V1__Create_queue_tables.TABLES) {
            // ACCESS EXCLUSIVE on the table, brief: catalog only
            steps.add(SchemaStep.of("tenant policy of " + table.last() + " without a sub-select",
                    TenantIsolation.alterTenantPolicy(table, TenantIsolation.tenantCondition())));
        }
        for (Name table : V1__Create_queue_tables.TABLES) {
            // SHARE UPDATE EXCLUSIVE while the index is built (writes go on), then ACCESS EXCLUSIVE briefly for the swap
            steps.addAll(OnlineDdl.movePrimaryKey(table, primaryKey(table), name(table.last() + "_tenant_id_id_idx"),
                    List.of(name("tenant_id"), name("id"))));
        }
        // catalog only: new jobs without a time are due when created
        steps.add(SchemaStep.of("default of jobs.scheduled_for",
                alterTable(JOBS).alterColumn(SCHEDULED_FOR).setDefault(currentOffsetDateTime())));
        // ROW EXCLUSIVE: batches of pages, each committed on its own
        steps.addAll(OnlineDdl.backfillNulls(JOBS, SCHEDULED_FOR, field(name("created_at"))));
        Name check = OnlineDdl.notNullCheck(JOBS, SCHEDULED_FOR);
        // brief, then a scan under SHARE UPDATE EXCLUSIVE, then brief: the validated CHECK spares SET NOT NULL its scan
        steps.add(OnlineDdl.addCheckNotValid(JOBS, check, OnlineDdl.isNotNull(SCHEDULED_FOR)));
        steps.add(OnlineDdl.validate(JOBS, check));
        steps.add(SchemaStep.of("set not null jobs.scheduled_for", alterTable(JOBS).alterColumn(SCHEDULED_FOR).setNotNull()));
        steps.add(SchemaStep.of("drop the helper check", alterTable(JOBS).dropConstraintIfExists(check)));
        steps.add(SchemaStep.of("comment on column jobs.scheduled_for",
                commentOnColumn(name("jobs", "scheduled_for")).is("When the job becomes due; by default when it is created.")));
        return steps;
    }

    @Override
    public List<SchemaStep> down(MigrationSettings settings) {
        List<SchemaStep> steps = new ArrayList<>();
        steps.add(SchemaStep.of("comment on column jobs.scheduled_for",
                commentOnColumn(name("jobs", "scheduled_for")).is("When the job becomes due; NULL means immediately.")));
        Name check = OnlineDdl.notNullCheck(JOBS, SCHEDULED_FOR);
        steps.add(SchemaStep.of("drop the helper check", alterTable(JOBS).dropConstraintIfExists(check)));
        steps.add(SchemaStep.of("drop not null jobs.scheduled_for", alterTable(JOBS).alterColumn(SCHEDULED_FOR).dropNotNull()));
        steps.add(SchemaStep.of("drop the backfill's policy on jobs",
                query("drop policy if exists {0} on {1}", name("jobs_scheduled_for_backfill"), JOBS)));
        steps.add(SchemaStep.of("default of jobs.scheduled_for", alterTable(JOBS).alterColumn(SCHEDULED_FOR).dropDefault()));
        List<Name> reversed = new ArrayList<>(V1__Create_queue_tables.TABLES);
        Collections.reverse(reversed);
        for (Name table : reversed) {
            steps.add(OnlineDdl.dropIndex(name(table.last() + "_tenant_id_id_idx")));
            steps.addAll(OnlineDdl.movePrimaryKey(table, primaryKey(table), name(table.last() + "_id_idx"), List.of(name("id"))));
        }
        for (Name table : reversed) {
            steps.add(SchemaStep.of("tenant policy of " + table.last() + " with its sub-select, as V2 made it",
                    TenantIsolation.alterTenantPolicy(table, TenantIsolation.subSelectTenantCondition())));
        }
        return steps;
    }

    private static Name primaryKey(Name table) {
        return name(table.last() + "_pkey");
    }
}
