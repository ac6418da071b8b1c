package org.queueservice.schema.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postgresql.util.PSQLException;
import org.queueservice.schema.migrations.internal.StepRunner;

/** The tables, seed rows, constraints and row-level security the model declares, read back from pg_catalog after migrate. */
class CatalogIT extends DatabaseIT {

    private static final String TENANT = "11111111-1111-1111-1111-111111111111";
    private static final String TABLES = "'queues','jobs','schedules','rate_limits','critical_jobs','queue_metrics',"
            + "'idempotency_keys','rate_limiters','alert_history','dead_letter_jobs'";

    @BeforeAll
    void migrate() throws SQLException {
        migrations().migrate();
        execute("insert into tenants (id, name) values ('" + TENANT + "', 'acme')");
    }

    /** Every column: table, column, type, NOT NULL, default. */
    private static final String EXPECTED_COLUMNS = """
            alert_history id uuid NN gen_random_uuid()
            alert_history tenant_id uuid NN -
            alert_history severity character varying(50) NN -
            alert_history alert_type character varying(100) NN -
            alert_history message text NN -
            alert_history queue_name character varying(255) NULL -
            alert_history metric_value numeric(10,2) NULL -
            alert_history threshold_value numeric(10,2) NULL -
            alert_history acknowledged boolean NN false
            alert_history acknowledged_by uuid NULL -
            alert_history acknowledged_at timestamp with time zone NULL -
            alert_history created_at timestamp with time zone NN CURRENT_TIMESTAMP
            alert_history updated_at timestamp with time zone NN CURRENT_TIMESTAMP
            critical_jobs id uuid NN gen_random_uuid()
            critical_jobs tenant_id uuid NN -
            critical_jobs queue_name character varying(255) NN -
            critical_jobs job_type character varying(255) NN -
            critical_jobs data jsonb NN '{}'::jsonb
            critical_jobs priority integer NN 0
            critical_jobs idempotency_key character varying(255) NULL -
            critical_jobs status character varying(50) NN 'pending'::character varying
            critical_jobs attempts integer NN 0
            critical_jobs max_attempts integer NN 5
            critical_jobs error text NULL -
            critical_jobs started_at timestamp with time zone NULL -
            critical_jobs completed_at timestamp with time zone NULL -
            critical_jobs created_at timestamp with time zone NN CURRENT_TIMESTAMP
            critical_jobs updated_at timestamp with time zone NN CURRENT_TIMESTAMP
            dead_letter_jobs id uuid NN gen_random_uuid()
            dead_letter_jobs tenant_id uuid NN -
            dead_letter_jobs queue_name character varying(255) NN -
            dead_letter_jobs job_type character varying(255) NN -
            dead_letter_jobs job_data jsonb NN '{}'::jsonb
            dead_letter_jobs error text NULL -
            dead_letter_jobs attempts integer NN 0
            dead_letter_jobs original_job_id uuid NULL -
            dead_letter_jobs failed_at timestamp with time zone NN CURRENT_TIMESTAMP
            dead_letter_jobs created_at timestamp with time zone NN CURRENT_TIMESTAMP
            dead_letter_jobs updated_at timestamp with time zone NN CURRENT_TIMESTAMP
            idempotency_keys id uuid NN gen_random_uuid()
            idempotency_keys tenant_id uuid NN -
            idempotency_keys key character varying(255) NN -
            idempotency_keys queue_name character varying(255) NN -
            idempotency_keys job_type character varying(255) NN -
            idempotency_keys result jsonb NN '{}'::jsonb
            idempotency_keys processed_at timestamp with time zone NN CURRENT_TIMESTAMP
            idempotency_keys expires_at timestamp with time zone NN -
            idempotency_keys created_at timestamp with time zone NN CURRENT_TIMESTAMP
            idempotency_keys updated_at timestamp with time zone NN CURRENT_TIMESTAMP
            jobs id uuid NN gen_random_uuid()
            jobs tenant_id uuid NN -
            jobs queue character varying(255) NN -
            jobs type character varying(255) NN -
            jobs data jsonb NN '{}'::jsonb
            jobs status character varying(50) NN 'pending'::character varying
            jobs attempts integer NN 0
            jobs max_attempts integer NN 3
            jobs error text NULL -
            jobs scheduled_for timestamp with time zone NN CURRENT_TIMESTAMP
            jobs started_at timestamp with time zone NULL -
            jobs completed_at timestamp with time zone NULL -
            jobs created_at timestamp with time zone NN CURRENT_TIMESTAMP
            jobs updated_at timestamp with time zone NN CURRENT_TIMESTAMP
            queue_metrics id uuid NN gen_random_uuid()
            queue_metrics tenant_id uuid NN -
            queue_metrics queue_name character varying(255) NN -
            queue_metrics waiting_count integer NN 0
            queue_metrics active_count integer NN 0
            queue_metrics completed_count integer NN 0
            queue_metrics failed_count integer NN 0
            queue_metrics captured_at timestamp with time zone NN CURRENT_TIMESTAMP
            queue_metrics created_at timestamp with time zone NN CURRENT_TIMESTAMP
            queue_metrics updated_at timestamp with time zone NN CURRENT_TIMESTAMP
            queues id uuid NN gen_random_uuid()
            queues tenant_id uuid NN -
            queues name character varying(255) NN -
            queues type character varying(100) NN -
            queues config jsonb NN '{}'::jsonb
            queues active boolean NN true
            queues pending_count integer NN 0
            queues processing_count integer NN 0
            queues completed_count integer NN 0
            queues failed_count integer NN 0
            queues created_at timestamp with time zone NN CURRENT_TIMESTAMP
            queues updated_at timestamp with time zone NN CURRENT_TIMESTAMP
            rate_limiters id uuid NN gen_random_uuid()
            rate_limiters tenant_id uuid NN -
            rate_limiters service_name character varying(255) NN -
            rate_limiters tokens_available numeric(10,2) NN -
            rate_limiters concurrent_requests integer NN 0
            rate_limiters max_concurrent integer NN -
            rate_limiters refill_rate numeric(10,2) NN -
            rate_limiters bucket_size integer NN -
            rate_limiters last_refill timestamp with time zone NN CURRENT_TIMESTAMP
            rate_limiters created_at timestamp with time zone NN CURRENT_TIMESTAMP
            rate_limiters updated_at timestamp with time zone NN CURRENT_TIMESTAMP
            rate_limits id uuid NN gen_random_uuid()
            rate_limits tenant_id uuid NN -
            rate_limits key character varying(255) NN -
            rate_limits limit integer NN -
            rate_limits window_seconds integer NN -
            rate_limits current_count integer NN 0
            rate_limits reset_at timestamp with time zone NN -
            rate_limits created_at timestamp with time zone NN CURRENT_TIMESTAMP
            rate_limits updated_at timestamp with time zone NN CURRENT_TIMESTAMP
            schedules id uuid NN gen_random_uuid()
            schedules tenant_id uuid NN -
            schedules name character varying(255) NN -
            schedules cron_expression character varying(100) NN -
            schedules job_type character varying(255) NN -
            schedules job_data jsonb NN '{}'::jsonb
            schedules active boolean NN true
            schedules last_run timestamp with time zone NULL -
            schedules next_run timestamp with time zone NULL -
            schedules created_at timestamp with time zone NN CURRENT_TIMESTAMP
            schedules updated_at timestamp with time zone NN CURRENT_TIMESTAMP""";

    @Test
    void everyColumnHasTheSpecifiedTypeNullabilityAndDefault() throws SQLException {
        List<String> actual = rows("""
                select c.relname || ' ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod) || ' '
                       || case when a.attnotnull then 'NN' else 'NULL' end || ' '
                       || coalesce(pg_get_expr(d.adbin, d.adrelid), '-')
                from pg_class c join pg_attribute a on a.attrelid = c.oid
                left join pg_attrdef d on d.adrelid = c.oid and d.adnum = a.attnum
                where c.relname in (%s) and c.relnamespace = current_schema()::regnamespace
                  and a.attnum > 0 and not a.attisdropped
                order by c.relname, a.attnum""".formatted(TABLES)).stream().map(r -> r.get(0)).toList();

        // The original's columns, as specified; columns added by later versions come on top of these.
        assertThat(actual).containsAll(EXPECTED_COLUMNS.lines().toList());
    }

    @Test
    void everyTableHasAPrimaryKeyOnTenantIdAndIdAndARestrictingTenantForeignKey() throws SQLException {
        assertThat(rows("""
                select c.relname, pg_get_constraintdef(k.oid) from pg_constraint k join pg_class c on c.oid = k.conrelid
                where k.contype = 'p' and c.relname in (%s) order by 1""".formatted(TABLES)))
                .hasSize(10).allSatisfy(row -> assertThat(row.get(1)).isEqualTo("PRIMARY KEY (tenant_id, id)"));
        assertThat(rows("""
                select c.relname, k.conname, pg_get_constraintdef(k.oid), k.confdeltype::text
                from pg_constraint k join pg_class c on c.oid = k.conrelid
                where k.contype = 'f' and c.relname in (%s) order by 1""".formatted(TABLES)))
                .hasSize(10).allSatisfy(row -> {
                    assertThat(row.get(1)).isEqualTo(row.get(0) + "_tenant_id_fkey");
                    assertThat(row.get(2)).isEqualTo("FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE RESTRICT");
                    assertThat(row.get(3)).isEqualTo("r");
                });
    }

    @Test
    void uniquenessIsPerTenantAndNoGlobalUniqueRemains() throws SQLException {
        assertThat(rows("""
                select c.relname || ': ' || pg_get_constraintdef(k.oid) from pg_constraint k
                join pg_class c on c.oid = k.conrelid where k.contype = 'u' and c.relname in (%s)
                order by 1""".formatted(TABLES)).stream().map(r -> r.get(0)).toList())
                .containsExactly(
                        "critical_jobs: UNIQUE (tenant_id, idempotency_key)",
                        "idempotency_keys: UNIQUE (tenant_id, key)",
                        "queues: UNIQUE (tenant_id, name)",
                        "rate_limiters: UNIQUE (tenant_id, service_name)",
                        "rate_limits: UNIQUE (tenant_id, key)",
                        "schedules: UNIQUE (tenant_id, name)");
        // No unique index of any kind (constraint or not) without tenant_id leading, except the primary keys.
        assertThat(rows("""
                select i.indexrelid::regclass::text from pg_index i join pg_class c on c.oid = i.indrelid
                where i.indisunique and not i.indisprimary and c.relname in (%s)
                  and i.indkey[0] <> (select attnum from pg_attribute where attrelid = c.oid and attname = 'tenant_id')
                """.formatted(TABLES))).isEmpty();
    }

    @Test
    void twoTenantsMayUseTheSameQueueName() throws SQLException {
        execute("insert into queues (tenant_id, name, type) values ('" + TENANT + "', 'emails', 'standard')",
                "insert into queues (tenant_id, name, type) values ('00000000-0000-0000-0000-000000000001', 'emails', 'standard')");

        assertThat(rows("select count(*) from queues where name = 'emails'")).containsExactly(List.of("2"));
        assertThatThrownBy(() -> execute(
                "insert into queues (tenant_id, name, type) values ('" + TENANT + "', 'emails', 'standard')"))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("23505");
                    assertThat(e.getServerErrorMessage().getConstraint()).isEqualTo("queues_tenant_id_name_key");
                });
    }

    @ParameterizedTest(name = "{0} rejected by {1}")
    @CsvSource(delimiter = '|', value = {
            "insert into jobs (tenant_id, queue, type, status) values (:t, 'q', 'x', 'done')|jobs_status_check",
            "insert into jobs (tenant_id, queue, type, attempts) values (:t, 'q', 'x', -1)|jobs_attempts_check",
            "insert into jobs (tenant_id, queue, type, max_attempts) values (:t, 'q', 'x', 0)|jobs_max_attempts_check",
            "insert into critical_jobs (tenant_id, queue_name, job_type, status) values (:t, 'q', 'x', 'lost')|critical_jobs_status_check",
            "insert into critical_jobs (tenant_id, queue_name, job_type, max_attempts) values (:t, 'q', 'x', 0)|critical_jobs_max_attempts_check",
            "insert into alert_history (tenant_id, severity, alert_type, message) values (:t, 'fatal', 'queue_depth', 'm')|alert_history_severity_check",
            "insert into queues (tenant_id, name, type, failed_count) values (:t, 'n', 't', -1)|queues_failed_count_check",
            "insert into queue_metrics (tenant_id, queue_name, waiting_count) values (:t, 'q', -5)|queue_metrics_waiting_count_check",
            "insert into rate_limits (tenant_id, key, \"limit\", window_seconds, reset_at) values (:t, 'k', 0, 60, now())|rate_limits_limit_check",
            "insert into rate_limits (tenant_id, key, \"limit\", window_seconds, reset_at) values (:t, 'k', 10, 0, now())|rate_limits_window_seconds_check",
            "insert into rate_limiters (tenant_id, service_name, tokens_available, max_concurrent, refill_rate, bucket_size) values (:t, 's', 11, 1, 1, 10)|rate_limiters_tokens_available_check",
            "insert into rate_limiters (tenant_id, service_name, tokens_available, max_concurrent, refill_rate, bucket_size) values (:t, 's', -1, 1, 1, 10)|rate_limiters_tokens_available_check",
            "insert into rate_limiters (tenant_id, service_name, tokens_available, max_concurrent, refill_rate, bucket_size) values (:t, 's', 1, 1, 0, 10)|rate_limiters_refill_rate_check",
            "insert into dead_letter_jobs (tenant_id, queue_name, job_type, attempts) values (:t, 'q', 'x', -1)|dead_letter_jobs_attempts_check",
            "insert into jobs (tenant_id, queue, type, data) values (:t, 'q', 'x', null)|NOT NULL data",
            "insert into queues (tenant_id, name, type, active) values (:t, 'n2', 't', null)|NOT NULL active",
    })
    void badRowsGetAConstraintErrorNamingTheConstraint(String insert, String constraint) {
        assertThatThrownBy(() -> execute(insert.replace(":t", "'" + TENANT + "'")))
                .isInstanceOfSatisfying(PSQLException.class, e -> {
                    if (constraint.startsWith("NOT NULL ")) {
                        assertThat(e.getSQLState()).isEqualTo("23502");
                        assertThat(e.getServerErrorMessage().getColumn()).isEqualTo(constraint.substring(9));
                    } else {
                        assertThat(e.getSQLState()).isEqualTo("23514");
                        assertThat(e.getServerErrorMessage().getConstraint()).isEqualTo(constraint);
                    }
                });
    }

    @Test
    void updatedAtChangesOnEveryUpdateWhileCreatedAtStays() throws SQLException {
        execute("insert into schedules (tenant_id, name, cron_expression, job_type, created_at, updated_at) "
                + "values ('" + TENANT + "', 'nightly', '0 0 * * *', 'report', now() - interval '1 day', now() - interval '1 day')");

        execute("update schedules set cron_expression = '0 1 * * *' where name = 'nightly'");

        assertThat(rows("select updated_at > now() - interval '1 minute', created_at < now() - interval '1 hour' "
                + "from schedules where name = 'nightly'")).containsExactly(List.of("t", "t"));
        assertThat(rows("""
                select c.relname from pg_class c where c.relname in (%s) and not exists (
                  select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = c.relname || '_set_updated_at'
                    and t.tgenabled = 'O' and pg_get_triggerdef(t.oid) like '%%BEFORE UPDATE%%FOR EACH ROW%%set_updated_at()')
                """.formatted(TABLES))).isEmpty();
    }

    @Test
    void rowLevelSecurityIsEnabledAndForcedWithTheTenantPolicyOnEveryTable() throws SQLException {
        assertThat(rows("select relname, relrowsecurity::text, relforcerowsecurity::text from pg_class "
                + "where relname in (" + TABLES + ") order by 1"))
                .hasSize(10).allSatisfy(row -> assertThat(row.subList(1, 3)).containsExactly("true", "true"));
        String expression = "(tenant_id = (NULLIF(current_setting('app.current_tenant'::text, true), ''::text))::uuid)";
        assertThat(rows("""
                select tablename, policyname, permissive, roles::text, cmd, qual, with_check from pg_policies
                where schemaname = current_schema() and policyname like '%%tenant_isolation' order by 1"""))
                .hasSize(10).allSatisfy(row -> assertThat(row.subList(1, 7)).containsExactly(
                        row.get(0) + "_tenant_isolation", "PERMISSIVE", "{public}", "ALL", expression, expression));
        assertThat(rows("""
                select tablename, roles::text, cmd, qual, with_check from pg_policies
                where schemaname = current_schema() and policyname like '%%maintenance' order by 1"""))
                .hasSize(10).allSatisfy(row -> assertThat(row.subList(1, 5))
                        .containsExactly("{queue_maintenance}", "ALL", "true", "true"));
    }

    @Test
    void seedsTheFourProviderBucketsForTheSystemTenant() throws SQLException {
        assertThat(rows("""
                select tenant_id::text, service_name, bucket_size::text, tokens_available::text, refill_rate::text,
                       max_concurrent::text, concurrent_requests::text
                from rate_limiters order by service_name""")).containsExactly(
                List.of("00000000-0000-0000-0000-000000000001", "sendgrid", "50", "50.00", "50.00", "10", "0"),
                List.of("00000000-0000-0000-0000-000000000001", "solana_rpc", "25", "25.00", "25.00", "5", "0"),
                List.of("00000000-0000-0000-0000-000000000001", "stripe", "100", "100.00", "100.00", "10", "0"),
                List.of("00000000-0000-0000-0000-000000000001", "twilio", "10", "10.00", "10.00", "5", "0"));
    }

    @Test
    void seedingAgainNeitherDuplicatesNorOverwritesAnOperatorsTuning() throws SQLException {
        // In one transaction that is rolled back, so the other tests still see the original seed.
        try (Connection c = database.open(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("update rate_limiters set bucket_size = 500, tokens_available = 500, max_concurrent = 40 "
                    + "where service_name = 'stripe'");

            StepRunner.run(c, new V3__Seed_rate_limiters().up(MigrationSettings.DEFAULT));

            assertThat(rows(c, "select service_name, bucket_size::text, max_concurrent::text from rate_limiters order by 1"))
                    .containsExactly(List.of("sendgrid", "50", "10"), List.of("solana_rpc", "25", "5"),
                            List.of("stripe", "500", "40"), List.of("twilio", "10", "5"));
            c.rollback();
        }
    }

    @Test
    void theAlertAcknowledgerColumnSaysWhyItHasNoForeignKey() throws SQLException {
        assertThat(rows("select col_description('alert_history'::regclass, 10)"))
                .singleElement().satisfies(row -> assertThat(row.get(0)).contains("no foreign key"));
    }
}
