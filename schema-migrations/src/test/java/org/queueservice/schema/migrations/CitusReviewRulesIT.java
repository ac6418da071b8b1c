package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.query;
import static org.queueservice.schema.migrations.provision.TwoTenants.ACME;
import static org.queueservice.schema.migrations.provision.TwoTenants.GLOBEX;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.queueservice.schema.migrations.review.rules.HazardRule;
import org.queueservice.schema.migrations.review.rules.HazardRules;
import org.queueservice.schema.migrations.review.rules.ReviewContext;
import org.queueservice.schema.migrations.review.rules.ReviewedStatement;
import org.queueservice.schema.model.SchemaStep;

/**
 * The Citus rules of the review (QS401 to QS404) grounded in what Citus 13.2 does, on a database migrated on a
 * coordinator (every tenant table distributed by tenant_id, tenants a reference table): each statement a rule flags,
 * reviewed as the next version, is flagged with that code, and the coordinator refuses it with the SQLSTATE and
 * message the rule quotes; the form the rule proposes instead is neither flagged nor refused. A restrictive policy,
 * which Citus accepts, is shown to lose its meaning on the shards. Each test leaves the schema as migrate made it.
 */
class CitusReviewRulesIT extends DatabaseIT {

    private static final String TENANT = "tenant_id = nullif(current_setting('app.current_tenant', true), '')::uuid";
    private static final String SUB_SELECT_TENANT = "tenant_id = (select nullif(current_setting('app.current_tenant', true), '')::uuid)";

    private ConnectionSettings app;

    @Override
    protected boolean onCitus() {
        return true;
    }

    @BeforeAll
    void migrateOnTheCoordinator() throws SQLException {
        migrateAsOwnerWithTwoTenants();
        app = loginAs("queue_app");
        assertThat(rows("select count(*) from pg_dist_partition where logicalrelid = 'jobs'::regclass and partmethod = 'h'"))
                .as("jobs distributed").containsExactly(List.of("1"));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("QS401", "create policy jobs_sub_select on jobs for all to public using (" + SUB_SELECT_TENANT + ")",
                        "XX000", "unexpected non-SELECT command in SubLink"),
                Arguments.of("QS401", "alter policy jobs_tenant_isolation on jobs using (" + SUB_SELECT_TENANT + ") with check ("
                        + SUB_SELECT_TENANT + ")", "0A000", "Subqueries are not supported in policies on distributed tables"),
                Arguments.of("QS401", "create policy tenants_known on tenants for all to queue_maintenance using (id in (select tenant_id from jobs))",
                        "XX000", "unexpected non-SELECT command in SubLink"),
                Arguments.of("QS402", "alter table jobs add constraint jobs_queue_type_key unique (queue, type)", "0A000",
                        "Distributed relations cannot have UNIQUE, EXCLUDE, or PRIMARY KEY constraints that do not include the partition column"),
                Arguments.of("QS402", "create unique index concurrently jobs_id_key on jobs (id)", "0A000",
                        "creating unique indexes on non-partition columns is currently unsupported"),
                Arguments.of("QS402", "create unique index concurrently jobs_id_key on jobs (id) include (tenant_id)", "0A000",
                        "creating unique indexes on non-partition columns is currently unsupported"),
                Arguments.of("QS402", "alter table jobs add column external_id uuid unique", "0A000",
                        "Distributed relations cannot have UNIQUE, EXCLUDE, or PRIMARY KEY constraints that do not include the partition column"),
                Arguments.of("QS403", "alter table jobs add column priority int, add constraint jobs_priority_check check (priority >= 0) not valid",
                        "0A000", "cannot execute ADD CONSTRAINT command with other subcommands"),
                Arguments.of("QS403", "alter table jobs add constraint jobs_a_check check (attempts >= 0) not valid, "
                        + "add constraint jobs_b_check check (attempts < 1000) not valid", "0A000",
                        "cannot execute ADD CONSTRAINT command with other subcommands"),
                Arguments.of("QS403", "alter table jobs drop constraint jobs_pkey, add constraint jobs_pkey primary key using index jobs_tenant_id_id_idx",
                        "0A000", "cannot execute ADD CONSTRAINT command with other subcommands"),
                Arguments.of("QS403", "alter table jobs add column weight int check (weight >= 0), add column size int", "0A000",
                        "cannot execute ADD COLUMN command with PRIMARY KEY, UNIQUE, FOREIGN and CHECK constraints"),
                Arguments.of("QS403", "alter table tenants add column region text, add constraint tenants_region_check check (region <> '') not valid",
                        "0A000", "cannot execute ADD CONSTRAINT command with other subcommands"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refused")
    void whatTheRuleFlagsCitusRefusesOnItsTables(String code, String sql, String sqlState, String message) throws SQLException {
        assertThat(review(sql)).as("review of " + sql).contains(code);
        String before = snapshot();
        assertThatThrownBy(() -> execute(sql)).isInstanceOfSatisfying(SQLException.class, e -> {
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(sqlState);
            assertThat(e.getMessage()).contains(message);
        });
        assertThat(snapshot()).isEqualTo(before);
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(List.of("create policy jobs_uuid on jobs for all to public using (" + TENANT + ") with check (" + TENANT + ")"),
                        List.of("drop policy jobs_uuid on jobs")),
                Arguments.of(List.of("create unique index concurrently jobs_tenant_id_queue_type_key on jobs (tenant_id desc, queue, type)"),
                        List.of("drop index concurrently jobs_tenant_id_queue_type_key")),
                Arguments.of(List.of("alter table jobs add column priority int",
                                "alter table jobs add constraint jobs_priority_check check (priority >= 0) not valid"),
                        List.of("alter table jobs drop column priority")),
                Arguments.of(List.of("alter table jobs add column weight int constraint jobs_weight_check check (weight >= 0), "
                                + "add column size int, alter column size set default 0"),
                        List.of("alter table jobs drop column weight", "alter table jobs drop column size")));
    }

    /** The forms the rules propose: none of QS401 to QS404 flags them, and Citus takes them. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void whatTheRulesProposeCitusTakes(List<String> statements, List<String> undo) throws SQLException {
        String before = snapshot();
        for (String sql : statements) {
            assertThat(review(sql)).as("review of " + sql).noneMatch(code -> code.startsWith("QS4"));
        }
        execute(statements.toArray(String[]::new));
        execute(undo.toArray(String[]::new));
        assertThat(snapshot()).isEqualTo(before);
    }

    /**
     * QS404: Citus takes AS RESTRICTIVE and keeps it so in the coordinator's catalog, but every shard gets it permissive,
     * and the shards filter the service's queries: OR-ed with the tenant policy, it lets ACME read GLOBEX's jobs.
     */
    @Test
    void aRestrictivePolicyIsPermissiveOnEveryShardAndOpensTheOtherTenantsRows() throws SQLException {
        String sql = "create policy jobs_not_archived on jobs as restrictive for all to public using (queue <> 'archived')";
        assertThat(review(sql)).containsExactly("QS404");
        assertThat(jobsOfGlobexSeenByAcme()).isZero();
        execute(sql);
        try {
            assertThat(rows("select polpermissive from pg_policy where polname = 'jobs_not_archived'")).containsExactly(List.of("f"));
            List<List<String>> shards = rows("select shardid, success, result from run_command_on_shards('jobs', $$"
                    + "select polpermissive from pg_policy where polname = 'jobs_not_archived' and polrelid = '%s'::regclass$$)");
            assertThat(shards).isNotEmpty().allSatisfy(shard -> assertThat(shard.subList(1, 3)).as("shard " + shard.get(0))
                    .containsExactly("t", "t"));
            assertThat(jobsOfGlobexSeenByAcme()).isPositive();
        } finally {
            execute("drop policy jobs_not_archived on jobs");
        }
        assertThat(jobsOfGlobexSeenByAcme()).isZero();
    }

    /** The jobs of GLOBEX that the service sees as ACME, the tenant setting carried to the workers as the service carries it. */
    private long jobsOfGlobexSeenByAcme() throws SQLException {
        try (Connection c = app.open(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("set local citus.propagate_set_commands = 'local'");
            s.execute("set local app.current_tenant = '" + ACME + "'");
            long seen = rows(c, "select count(*) from jobs where tenant_id = ?::uuid", GLOBEX.toString()).stream()
                    .mapToLong(r -> Long.parseLong(r.get(0))).sum();
            c.rollback();
            return seen;
        }
    }

    /** The codes the review's rules give {@code sql} as the only statement of the next version. */
    private static List<String> review(String sql) throws SQLException {
        SchemaMigration next = new V5__Next_statement(sql);
        List<ReviewedStatement> history = new ArrayList<>();
        Migrations.all().forEach(m -> history.addAll(ReviewedStatement.of(m, MigrationSettings.DEFAULT)));
        List<ReviewedStatement> reviewed = ReviewedStatement.of(next, MigrationSettings.DEFAULT);
        history.addAll(reviewed);
        ReviewContext context = new ReviewContext(history, reviewed, MigrationSettings.DEFAULT.roles(), null);
        List<String> codes = new ArrayList<>();
        for (HazardRule rule : HazardRules.ALL) {
            rule.find(context).forEach(f -> codes.add(rule.rule().code()));
        }
        return codes;
    }

    /** One statement, run in autocommit as the Citus DDL above runs. */
    private static final class V5__Next_statement extends SchemaMigration {
        private final String sql;

        V5__Next_statement(String sql) {
            this.sql = sql;
        }

        @Override
        public List<SchemaStep> up(MigrationSettings settings) {
            return List.of(SchemaStep.of(sql, List.of(query(sql))).inAutocommit());
        }

        @Override
        public List<SchemaStep> down(MigrationSettings settings) {
            return List.of();
        }

        @Override
        public boolean canExecuteInTransaction() {
            return false;
        }
    }
}
