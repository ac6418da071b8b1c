package org.queueservice.schema.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.RecordedSettings;
import org.queueservice.schema.model.DatabaseRoles;

class QueueSchemaCommandTest {

    private final Console console = new Console();

    private QueueSchemaCommand command(Map<String, String> environment) {
        return console.command(environment);
    }

    private String err() {
        return console.err();
    }

    @Test
    void helpPrintsUsageAndSucceeds() {
        assertThat(command(Map.of()).run("--help")).isZero();
        assertThat(console.out()).startsWith("Usage: queue-schema <command> [options]");
    }

    @Test
    void versionPrintsTheBuildsVersion() {
        assertThat(command(Map.of()).run("--version")).isZero();
        assertThat(console.out()).matches("queue-schema \\d+\\.\\d+\\.\\d+\n");
        assertThat(err()).isEmpty();
    }

    @Test
    void lockTimeoutInMinutes() {
        QueueSchemaCommand.Invocation invocation = command(Map.of()).parse("migrate", "--lock-timeout", "1m");

        assertThat(invocation.settings().lockTimeout()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(command(Map.of()).run()).isEqualTo(2);
        assertThat(err()).startsWith("queue-schema: no command given\nUsage:");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(command(Map.of()).run("migarte")).isEqualTo(2);
        assertThat(err()).startsWith("queue-schema: unknown command 'migarte'");
    }

    @Test
    void unknownOptionMissingValueAndBadValuesAreUsageErrors() {
        assertThat(command(Map.of()).run("migrate", "--host", "x")).isEqualTo(2);
        assertThat(command(Map.of()).run("migrate", "--url")).isEqualTo(2);
        assertThat(command(Map.of()).run("migrate", "--url", "mysql://x")).isEqualTo(2);
        assertThat(command(Map.of()).run("migrate", "--system-tenant", "system")).isEqualTo(2);
        assertThat(command(Map.of()).run("migrate", "--lock-timeout", "soon")).isEqualTo(2);
        assertThat(err()).contains("unknown option '--host' for migrate", "--url needs a value",
                "not a PostgreSQL JDBC URL: mysql://x", "--system-tenant must be a UUID, got 'system'",
                "--lock-timeout must look like 5s, 1500ms, 1m or 1m30s, got 'soon'");
    }

    @Test
    void rollbackNeedsAVersionAndItsFlagsBelongToIt() {
        assertThat(command(Map.of()).run("rollback")).isEqualTo(2);
        assertThat(command(Map.of()).run("rollback", "--to", "-1")).isEqualTo(2);
        assertThat(command(Map.of()).run("migrate", "--to", "1")).isEqualTo(2);
        assertThat(command(Map.of()).run("migrate", "--force")).isEqualTo(2);
        assertThat(err()).contains("rollback needs --to VERSION (0 undoes every migration)",
                "--to must be 0 or a migration version like 2, got '-1'", "--to is an option of rollback, not of migrate",
                "unknown option '--force' for migrate");

        var invocation = command(Map.of()).parse(RollbackCommand.class, "rollback", "--to", "2", "--dry-run", "--force");
        assertThat(invocation.rollbackTo()).isEqualTo(2);
        assertThat(invocation.dryRun()).isTrue();
        assertThat(invocation.force()).isTrue();
    }

    @Test
    void connectionFallsBackFromOptionsToEnvironmentToTheLocalDefault() {
        var defaults = command(Map.of()).parse("info");
        assertThat(defaults.connection().url()).isEqualTo("jdbc:postgresql://localhost:5432/queue_service");
        assertThat(defaults.connection().user()).isEqualTo("postgres");
        assertThat(defaults.usesDefaultDatabase()).isTrue();

        var environment = command(Map.of("QUEUE_DB_URL", "jdbc:postgresql://db:5432/q", "QUEUE_DB_USER", "svc",
                "QUEUE_DB_PASSWORD", "secret")).parse("info");
        assertThat(environment.connection()).isEqualTo(
                new org.queueservice.schema.migrations.ConnectionSettings("jdbc:postgresql://db:5432/q", "svc", "secret"));
        assertThat(environment.usesDefaultDatabase()).isFalse();

        var options = command(Map.of("QUEUE_DB_URL", "jdbc:postgresql://db:5432/q", "QUEUE_DB_USER", "svc"))
                .parse("info", "--url", "jdbc:postgresql://other:5432/z", "--user", "me");
        assertThat(options.connection().url()).isEqualTo("jdbc:postgresql://other:5432/z");
        assertThat(options.connection().user()).isEqualTo("me");
    }

    @Test
    void migrationSettingsComeFromOptions() {
        UUID tenant = UUID.randomUUID();
        var invocation = command(Map.of()).parse("migrate", "--app-role", "svc_app", "--maintenance-role", "svc_ops",
                "--system-tenant", tenant.toString(), "--lock-timeout", "1500ms");

        assertThat(invocation.settings().roles()).isEqualTo(new DatabaseRoles("svc_app", "svc_ops"));
        assertThat(invocation.settings().systemTenant()).isEqualTo(tenant);
        assertThat(invocation.settings().lockTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(invocation.explicit()).containsExactly(RecordedSettings.Setting.APP_ROLE,
                RecordedSettings.Setting.MAINTENANCE_ROLE, RecordedSettings.Setting.SYSTEM_TENANT);
        assertThat(command(Map.of()).parse("rollback", "--to", "0", "--app-role", "svc_app").explicit())
                .containsExactly(RecordedSettings.Setting.APP_ROLE);
    }

    @Test
    void repairTakesDryRunOnly() {
        assertThat(command(Map.of()).parse(RepairCommand.class, "repair", "--dry-run").dryRun()).isTrue();
        assertThat(command(Map.of()).parse(RepairCommand.class, "repair").dryRun()).isFalse();
        assertThat(command(Map.of()).run("repair", "--force")).isEqualTo(2);
        assertThat(command(Map.of()).run("repair", "--to", "1")).isEqualTo(2);
        assertThat(err()).contains("unknown option '--force' for repair", "--to is an option of rollback, not of repair");
    }

    @Test
    void unreachableServerFailsWithOneLineAndNoStackTrace() {
        int exit = command(Map.of()).run("migrate", "--url", "jdbc:postgresql://127.0.0.1:1/queue_service");

        assertThat(exit).isEqualTo(1);
        assertThat(err()).startsWith("queue-schema: migrate failed: ").contains("Connection to 127.0.0.1:1 refused")
                .doesNotContain("\tat ").hasLineCount(1);
    }

    @Test
    void anEmptyUrlIsAUsageErrorNotTheLocalDefault() {
        assertThat(command(Map.of()).run("migrate", "--url", "")).isEqualTo(2);
        assertThat(err()).startsWith("queue-schema: --url is empty; give a JDBC URL such as "
                + "jdbc:postgresql://localhost:5432/queue_service\nUsage:");
        console.clear();

        assertThat(command(Map.of("QUEUE_DB_URL", "")).run("migrate")).isEqualTo(2);
        assertThat(err()).startsWith("queue-schema: QUEUE_DB_URL is set but empty; give a JDBC URL such as "
                + "jdbc:postgresql://localhost:5432/queue_service, or unset it for that default\nUsage:");
    }

    @Test
    void aPortThatIsNotANumberIsOneUsageLineAndNothingLogged() {
        PrintStream standardError = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = command(Map.of()).run("info", "--url", "jdbc:postgresql://localhost:abc/q?password=hunter2");
        } finally {
            System.setErr(standardError);
        }

        assertThat(exit).isEqualTo(2);
        assertThat(err().lines().findFirst()).contains(
                "queue-schema: the port of localhost:abc in jdbc:postgresql://localhost:abc/q?password=*** is not a number");
        assertThat(logged.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anUnknownHostIsNamed() {
        int exit = command(Map.of()).run("info", "--url", "jdbc:postgresql://no-such-host.invalid:5432/q");

        assertThat(exit).isEqualTo(1);
        assertThat(err()).isEqualTo("queue-schema: info failed: The connection attempt failed. "
                + "(unknown host no-such-host.invalid) [SQLSTATE 08001]\n");
    }

    @Test
    void theHelpSaysOnlyTheDefaultDatabaseIsCreated() {
        assertThat(command(Map.of()).run("--help")).isZero();
        assertThat(console.out()).doesNotContain("created when missing, if the server allows it")
                .contains("(only this default database is created when missing; an\n"
                        + "                      empty --url or QUEUE_DB_URL is an error, not the default)");
    }

    @Test
    void aReservedRoleOrTwoNamesThatPostgreSQLCutsToOneAreUsageErrors() {
        assertThat(command(Map.of()).run("migrate", "--app-role", "postgres")).isEqualTo(2);
        assertThat(err()).startsWith("queue-schema: the application role name 'postgres' is reserved");
        console.clear();

        String prefix = "ü".repeat(31); // 62 bytes: the next two-byte character does not fit in 63
        assertThat(command(Map.of()).run("migrate", "--app-role", prefix + "ü_app", "--maintenance-role", prefix + "ü_ops"))
                .isEqualTo(2);
        assertThat(err()).startsWith("queue-schema: the application and maintenance roles must differ, both are " + prefix
                + " once PostgreSQL cuts the names to 63 bytes\nUsage:");
    }
}
