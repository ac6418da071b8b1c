package org.queueservice.schema.migrations.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.QueueSchemaMigrations;
import org.queueservice.schema.migrations.adopt.AdoptionPlan;
import org.queueservice.schema.migrations.audit.AuditReport;
import org.queueservice.schema.migrations.audit.MigrationAudit;
import org.queueservice.schema.migrations.rollback.RollbackPlan;
import org.queueservice.schema.model.DatabaseRoles;

/**
 * {@code queue-schema <command> [options]}: exit 0 on success, 1 when the operation failed, 2 on bad
 * arguments. Expected failures print one line, never a stack trace.
 */
public final class QueueSchemaCommand {

    static final String DEFAULT_URL = "jdbc:postgresql://localhost:5432/queue_service";
    static final String DEFAULT_USER = "postgres";

    static final String USAGE = """
            Usage: queue-schema <command> [options]

            Commands:
              migrate       apply pending migrations and print what was applied
              info          list applied and pending migration versions
              validate      check applied migrations against the code (checksums, order)
              rollback --to VERSION [--dry-run] [--force]
                            undo applied migrations above VERSION (0: all), newest first, each in
                            its own transaction; refuses to drop tables holding rows other than seed
                            rows unless --force; --dry-run prints the SQL and changes nothing
              audit [--out FILE]
                            check the database against the migration audit (MIG1-MIG20 and the
                            tenancy checks) and write a Markdown report (default: standard output);
                            exit 0 all pass, 1 a check failed, 2 the audit could not run
              adopt [--dry-run]
                            convert a database built by the original Knex migration, online, and
                            record the versions; refuses (exit 1, nothing changed) when the preflight
                            finds rows or objects in the way; --dry-run prints the preflight and the
                            plan with the lock each statement takes, and changes nothing
              --help        print this help

            Connection (each falls back to an environment variable, then to a local default):
              --url JDBC_URL      QUEUE_DB_URL       %s
                                  (created when missing, if the server allows it)
              --user USER         QUEUE_DB_USER      %s
              --password PASS     QUEUE_DB_PASSWORD  (none)

            Migration settings:
              --app-role NAME           role the queue service runs as            (queue_app)
              --maintenance-role NAME   role for system-wide sweeps                (queue_maintenance)
              --system-tenant UUID      tenant that owns the seed rows  (00000000-0000-0000-0000-000000000001)
              --lock-timeout DURATION   longest wait for a table lock, e.g. 5s, 1500ms          (5s)
            """.formatted(DEFAULT_URL, DEFAULT_USER);

    private static final Set<String> COMMANDS = Set.of("migrate", "info", "validate", "rollback", "audit", "adopt");
    private static final Set<String> OPTIONS = Set.of("--url", "--user", "--password", "--app-role",
            "--maintenance-role", "--system-tenant", "--lock-timeout", "--to", "--out");
    private static final Set<String> FLAGS = Set.of("--dry-run", "--force");

    private final PrintStream out;
    private final PrintStream err;
    private final Function<String, String> environment;

    QueueSchemaCommand(PrintStream out, PrintStream err, Function<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        System.exit(new QueueSchemaCommand(System.out, System.err, System::getenv).run(args));
    }

    int run(String... args) {
        Invocation invocation;
        try {
            invocation = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("queue-schema: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (invocation == null) {
            out.print(USAGE);
            return 0;
        }
        try {
            QueueSchemaMigrations migrations = new QueueSchemaMigrations(invocation.connection(), invocation.settings());
            switch (invocation.command()) {
                case "migrate" -> migrate(invocation, migrations);
                case "info" -> migrations.info().forEach(out::println);
                case "validate" -> {
                    migrations.validate();
                    out.println("Validated " + invocation.connection() + ": applied migrations match the code.");
                }
                case "rollback" -> rollback(invocation, migrations);
                case "audit" -> {
                    return audit(invocation);
                }
                case "adopt" -> {
                    return adopt(invocation, migrations);
                }
                default -> throw new IllegalStateException("unhandled command " + invocation.command());
            }
            return 0;
        } catch (MigrationFailure e) {
            err.println("queue-schema: " + e.getMessage());
            return invocation.command().equals("audit") ? 2 : 1;
        }
    }

    private void migrate(Invocation invocation, QueueSchemaMigrations migrations) {
        // Only the built-in local default is created on demand: an explicit URL naming a missing database is a mistake.
        if (invocation.usesDefaultDatabase() && migrations.createDatabaseIfMissing()) {
            out.println("Created database " + invocation.connection().database() + ".");
        }
        QueueSchemaMigrations.MigrationReport report = migrations.migrate();
        if (report.applied().isEmpty()) {
            out.println("Schema of " + invocation.connection() + " is up to date at version " + report.version()
                    + "; nothing to apply.");
        } else {
            out.println("Migrated " + invocation.connection() + " to version " + report.version() + ".");
            out.println("Applied: " + String.join(", ", report.applied()));
        }
        out.println("Schema: " + report.schema());
    }

    private int audit(Invocation invocation) {
        AuditReport report = new MigrationAudit(invocation.connection(), invocation.settings()).run();
        if (invocation.out() == null) {
            out.print(report.markdown());
        } else {
            try {
                Files.writeString(Path.of(invocation.out()), report.markdown(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                err.println("queue-schema: audit cannot write its report to " + invocation.out() + ": " + e);
                return 2;
            }
            out.println("Audit of " + invocation.connection() + ": " + report.passRate() + " passed"
                    + (report.passed() ? "" : "; not passed: " + String.join(", ", report.notPassed()))
                    + ". Report written to " + invocation.out() + ".");
        }
        return report.passed() ? 0 : 1;
    }

    private void rollback(Invocation invocation, QueueSchemaMigrations migrations) {
        RollbackPlan plan = migrations.planRollback(invocation.rollbackTo());
        if (plan.versions().isEmpty()) {
            out.println("Nothing to roll back: no applied migration above version " + plan.target() + ".");
            return;
        }
        if (invocation.dryRun()) {
            out.print(plan.script());
            if (!plan.tablesAtRisk().isEmpty()) {
                out.println("-- would refuse without --force: tables dropped with rows that are not seed rows: "
                        + plan.describeTablesAtRisk());
            }
            out.println("-- dry run: nothing was changed");
            return;
        }
        migrations.rollback(plan, invocation.force());
        out.println("Rolled back " + String.join(", ", plan.versions()) + "; " + invocation.connection()
                + " is now at version " + plan.target() + ".");
        if (!plan.tablesAtRisk().isEmpty()) {
            out.println("Forced: dropped " + plan.describeTablesAtRisk() + " with their rows.");
        }
    }

    /** Exit 1 when the preflight finds a problem, dry run or not: the findings are what must be fixed first. */
    private int adopt(Invocation invocation, QueueSchemaMigrations migrations) {
        AdoptionPlan plan = migrations.planAdoption();
        out.println(invocation.connection().database() + " is " + plan.state() + ".");
        plan.findings().forEach(finding -> err.println("queue-schema: adopt preflight: " + finding));
        if (invocation.dryRun()) {
            out.print(plan.script());
            out.println("-- dry run: " + plan.stepCount() + " steps, then the versions recorded by Flyway; nothing was changed");
            return plan.findings().isEmpty() ? 0 : 1;
        }
        if (!plan.findings().isEmpty()) {
            err.println("queue-schema: adopt refused: the preflight found " + plan.findings().size()
                    + " problem(s), listed above. Nothing was changed.");
            return 1;
        }
        QueueSchemaMigrations.MigrationReport report = migrations.adopt();
        out.println("Adopted " + invocation.connection() + " at version " + report.version() + ".");
        out.println("Recorded: " + String.join(", ", report.applied()));
        out.println("Schema: " + report.schema());
        return 0;
    }

    record Invocation(String command, ConnectionSettings connection, MigrationSettings settings,
                      boolean usesDefaultDatabase, int rollbackTo, boolean dryRun, boolean force, String out) {
    }

    /** Null means --help. */
    Invocation parse(String... args) {
        Deque<String> queue = new ArrayDeque<>(List.of(args));
        if (queue.isEmpty()) {
            throw new IllegalArgumentException("no command given");
        }
        String command = queue.removeFirst();
        if (command.equals("--help") || command.equals("-h") || command.equals("help")) {
            return null;
        }
        if (!COMMANDS.contains(command)) {
            throw new IllegalArgumentException("unknown command '" + command + "'");
        }
        Map<String, String> options = new LinkedHashMap<>();
        Set<String> flags = new java.util.HashSet<>();
        while (!queue.isEmpty()) {
            String option = queue.removeFirst();
            if (option.equals("--help")) {
                return null;
            }
            if (FLAGS.contains(option) && command.equals("rollback") || option.equals("--dry-run") && command.equals("adopt")) {
                flags.add(option);
                continue;
            }
            if (option.equals("--to") && !command.equals("rollback")) {
                throw new IllegalArgumentException("--to is an option of rollback, not of " + command);
            }
            if (option.equals("--out") && !command.equals("audit")) {
                throw new IllegalArgumentException("--out is an option of audit, not of " + command);
            }
            if (!OPTIONS.contains(option)) {
                throw new IllegalArgumentException("unknown option '" + option + "' for " + command);
            }
            if (queue.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            if (options.put(option, queue.removeFirst()) != null) {
                throw new IllegalArgumentException(option + " given twice");
            }
        }
        String url = firstOf(options.get("--url"), environment.apply("QUEUE_DB_URL"));
        ConnectionSettings connection = new ConnectionSettings(
                url == null ? DEFAULT_URL : url,
                firstOf(options.get("--user"), environment.apply("QUEUE_DB_USER"), DEFAULT_USER),
                firstOf(options.get("--password"), environment.apply("QUEUE_DB_PASSWORD")));
        MigrationSettings settings = MigrationSettings.DEFAULT;
        settings = settings.withRoles(new DatabaseRoles(
                options.getOrDefault("--app-role", settings.roles().application()),
                options.getOrDefault("--maintenance-role", settings.roles().maintenance())));
        if (options.containsKey("--system-tenant")) {
            settings = settings.withSystemTenant(uuid(options.get("--system-tenant")));
        }
        if (options.containsKey("--lock-timeout")) {
            settings = settings.withLockTimeout(duration(options.get("--lock-timeout")));
        }
        int rollbackTo = -1;
        if (command.equals("rollback")) {
            if (!options.containsKey("--to")) {
                throw new IllegalArgumentException("rollback needs --to VERSION (0 undoes every migration)");
            }
            rollbackTo = version(options.get("--to"));
        }
        return new Invocation(command, connection, settings, url == null, rollbackTo,
                flags.contains("--dry-run"), flags.contains("--force"), options.get("--out"));
    }

    private static int version(String value) {
        try {
            int version = Integer.parseInt(value);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--to must be 0 or a migration version like 2, got '" + value + "'");
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--system-tenant must be a UUID, got '" + value + "'");
        }
    }

    static Duration duration(String value) {
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--lock-timeout must look like 5s or 1500ms, got '" + value + "'");
    }

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}
