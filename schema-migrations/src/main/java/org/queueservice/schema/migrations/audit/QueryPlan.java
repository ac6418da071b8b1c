package org.queueservice.schema.migrations.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.queueservice.schema.model.TableDefinition;

/**
 * What PostgreSQL plans for a query on one table, read from {@code EXPLAIN (FORMAT JSON)} by PostgreSQL's
 * own jsonb path functions (no text plan is parsed): the indexes the plan scans, in plan order, whether it
 * scans the table sequentially, the Index Cond of every index scan on the table (for a bitmap scan: of
 * the Bitmap Index Scans under the Bitmap Heap Scan on it), and whether the plan has an InitPlan.
 * <p>
 * On a Citus coordinator the tables are scanned on the workers: the plan is a Custom Scan whose
 * {@code "Distributed Query" -> "Job" -> "Tasks"} each carry the plan of one shard as its worker printed it
 * ({@code "Remote Plan"}), the only place the scans are. Those plans are read as if they were the coordinator's (a
 * query routed to one shard, {@code "Task Count": 1}, by that shard's plan), with the shard's relation and index
 * names ({@code jobs_102048}, {@code jobs_claim_idx_102048}) read as the coordinator's ({@code jobs},
 * {@code jobs_claim_idx}), since Citus names a shard's objects by appending {@code _<shardid>}.
 *
 * @param remoteErrors what a task printed instead of its shard's plan ({@code Could not get remote plan.} when the
 *                     role cannot connect to the worker): those shards' scans are not in the other facts
 * @param json the plan as PostgreSQL printed it, for messages
 */
public record QueryPlan(String table, List<String> indexes, boolean seqScan, List<String> indexConditions,
                        boolean initPlan, List<String> remoteErrors, String json) {

    private static final String ANALYSIS = """
            select array(select i #>> '{}' from jsonb_path_query(p, 'strict $.** ? (exists (@."Index Name"))."Index Name"')
                         with ordinality q(i, n) order by n),
                   jsonb_path_exists(p, 'strict $.** ? (@."Node Type" == "Seq Scan" && @."Relation Name" == $table)', v),
                   array(select c #>> '{}' from jsonb_path_query(p, 'strict $.** ? ((@."Node Type" == "Index Scan"
                             || @."Node Type" == "Index Only Scan") && @."Relation Name" == $table)."Index Cond"', v)
                         with ordinality q(c, n) order by n)
                   || array(select c #>> '{}' from jsonb_path_query(p, 'strict $.** ? (@."Node Type" == "Bitmap Heap Scan"
                             && @."Relation Name" == $table)."Plans"[*] ? (@."Parent Relationship" == "Outer").**
                             ? (@."Node Type" == "Bitmap Index Scan")."Index Cond"', v)
                         with ordinality q(c, n) order by n),
                   jsonb_path_exists(p, 'strict $.** ? (@."Parent Relationship" == "InitPlan")'),
                   array(select e #>> '{}' from jsonb_path_query(explained, 'strict $.** ? (exists (@."Error"))."Error"')
                         with ordinality q(e, n) order by n)
            from (select jsonb_build_array(explained #- '{0,Plan,Distributed Query}',
                             regexp_replace(jsonb_path_query_array(explained, 'strict $.** ? (exists (@."Remote Plan"))."Remote Plan"[*][*]')::text,
                                 '("(Index|Relation) Name": "[^"]*)_[0-9]+"', '\\1"', 'g')::jsonb) p,
                         explained, v
                  from (select ?::jsonb explained, jsonb_build_object('table', ?::text) v) printed) plan""";

    public QueryPlan {
        indexes = List.copyOf(indexes);
        indexConditions = List.copyOf(indexConditions);
        remoteErrors = List.copyOf(remoteErrors);
    }

    /**
     * EXPLAINs {@code sql} on {@code connection} as it stands (its user, role and settings decide the plan),
     * then reads the plan's JSON with a second query.
     */
    public static QueryPlan explain(Connection connection, String sql, String table, Object... parameters) throws SQLException {
        String json;
        try (PreparedStatement explain = connection.prepareStatement("explain (format json) " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i]);
            }
            try (ResultSet plan = explain.executeQuery()) {
                plan.next();
                json = plan.getString(1);
            }
        }
        Record facts = DSL.using(connection, SQLDialect.POSTGRES).fetchSingle(ANALYSIS, json, table);
        return new QueryPlan(table, List.of(facts.get(0, String[].class)), facts.get(1, Boolean.class),
                List.of(facts.get(2, String[].class)), facts.get(3, Boolean.class), List.of(facts.get(4, String[].class)), json);
    }

    public boolean usesIndex(String index) {
        return indexes.contains(index);
    }

    /** The first index the plan scans, in plan order, if any. */
    public java.util.Optional<String> firstIndex() {
        return indexes.stream().findFirst();
    }

    /**
     * Whether tenant_id is compared for equality in an Index Cond on the table: to the query's parameter (as a
     * parameter, or as its value when the plan is a custom one) or to the policy's setting ({@code current_setting}
     * is STABLE, so the planner uses it as an index condition). A cast column, {@code (tenant_id)::text}, is not.
     */
    public boolean tenantIsIndexCondition() {
        String tenant = "(" + TableDefinition.TENANT_ID.getName() + " = ";
        return indexConditions.stream().anyMatch(condition -> condition.contains(tenant));
    }
}
