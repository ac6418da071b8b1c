package org.queueservice.schema.migrations.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.QueueSchemaMigrations;
import org.queueservice.schema.migrations.RecordedSettings;
import org.queueservice.schema.migrations.adopt.AdoptionPlan;
import org.queueservice.schema.migrations.audit.AuditReport;
import org.queueservice.schema.migrations.audit.MigrationAudit;
import org.queueservice.schema.migrations.repair.Repair;
import org.queueservice.schema.migrations.review.ReviewReport;
import org.queueservice.schema.migrations.review.SchemaReview;
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
              migrate       apply pending migrations and print what was applied; refuses first,
                            changing nothing, a powerful or intertwined service or maintenance
                            role, a tenants table it cannot use, a schema other than public
              info          list applied and pending migration versions
              validate      check applied migrations against the code (checksums, order)
              rollback --to VERSION [--dry-run] [--force]
                            undo applied migrations above VERSION (0: all), newest first, in one
                            transaction (an online version step by step); refuses to drop tables
                            holding rows other than unchanged seed rows unless --force; keeps and
                            names seed rows changed since seeding; --dry-run changes nothing
              repair [--dry-run]
                            when history and schema disagree: re-apply the idempotent steps of every
                            version up to the highest recorded one and restore missing history rows,
                            in one transaction; prints what it restores; --dry-run changes nothing
              audit [--out FILE]
                            check the database against the migration audit (MIG1-MIG20 and the
                            tenancy checks) and write a Markdown report (default: standard output);
                            exit 0 all pass, 1 a check failed, 2 the audit could not run
              review [--base REF] [--url JDBC_URL] [--format markdown|json|github] [--out FILE]
                            review the new migrations (source absent at git REF, or not applied at
                            --url, or both): locks, hazard rules, with --url data checks and drift,
                            with --base the generated API; exit 0 no unaccepted error, 1 one, 2 the
                            review could not run
              adopt [--dry-run]
                            convert a database built by the original Knex migration, online, and
                            record the versions; refuses (exit 1, nothing changed) when the preflight
                            finds rows or objects in the way; --dry-run prints the preflight and the
                            plan with the lock each statement takes, and changes nothing
              distribute [--dry-run]
                            on a Citus coordinator, for a database at the latest version whose
                            tables are still local: preflight (refuses, changing nothing), then
                            tenants a reference table and every tenant table distributed by
                            tenant_id, colocated with jobs, rows counted and checksummed before and
                            after each table; resumable; --dry-run prints the preflight and the
                            counts and changes nothing
              --help        print this help
              --version     print the version of queue-schema

            Connection (each falls back to an environment variable, then to a local default):
              --url JDBC_URL      QUEUE_DB_URL       %s
                                  (only this default database is created when missing; an
                                  empty --url or QUEUE_DB_URL is an error, not the default)
              --user USER         QUEUE_DB_USER      %s
              --password PASS     QUEUE_DB_PASSWORD  (none)

            Migration settings (recorded by migrate; later commands use the recorded values when
            left out, and refuse a different one with exit 2):
              --app-role NAME           role the queue service runs as            (queue_app)
              --maintenance-role NAME   role for system-wide sweeps                (queue_maintenance)
              --system-tenant UUID      tenant that owns the seed rows  (00000000-0000-0000-0000-000000000001)
              --lock-timeout DURATION   longest wait for a table lock, e.g. 5s, 1500ms, 1m30s  (5s)
            """.formatted(DEFAULT_URL, DEFAULT_USER);

    private static final Set<String> COMMANDS = Set.of("migrate", "info", "validate", "rollback", "repair", "audit", "review",
            "adopt", "distribute");
    private static final Set<String> OPTIONS = Set.of("--url", "--user", "--password", "--app-role",
            "--maintenance-role", "--system-tenant", "--lock-timeout", "--to", "--out", "--base", "--format");
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
        if (List.of(args).equals(List.of("--version"))) {
            out.println("queue-schema " + Version.current());
            return 0;
        }
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
            // Settings left out take the values the database was migrated with; a different explicit one is refused.
            // A review of --base alone reads no database.
            if (!(invocation.command().equals("review") && invocation.usesDefaultDatabase())) {
                invocation = invocation.withSettings(RecordedSettings.apply(invocation.connection(), invocation.settings(),
                        invocation.explicit(), invocation.command()));
            }
            QueueSchemaMigrations migrations = new QueueSchemaMigrations(invocation.connection(), invocation.settings());
            switch (invocation.command()) {
                case "migrate" -> migrate(invocation, migrations);
                case "info" -> migrations.info().forEach(out::println);
                case "validate" -> {
                    List<String> pending = migrations.validate();
                    out.println("Validated " + invocation.connection() + ": applied migrations match the code; " + (pending.isEmpty()
                            ? "none pending." : pending.size() + " pending: " + String.join(", ", pending) + ", run migrate."));
                }
                case "rollback" -> {
                    return rollback(invocation, migrations);
                }
                case "repair" -> {
                    return repair(invocation, migrations);
                }
                case "audit" -> {
                    return audit(invocation);
                }
                case "review" -> {
                    return review(invocation);
                }
                case "adopt" -> {
                    return adopt(invocation, migrations);
                }
                case "distribute" -> distribute(invocation, migrations);
                default -> throw new IllegalStateException("unhandled command " + invocation.command());
            }
            return 0;
        } catch (MigrationFailure e) {
            // A message may quote a URL someone wrote with ?password=...: never print that.
            err.println("queue-schema: " + ConnectionSettings.maskPasswords(e.getMessage()));
            return invocation.command().equals("audit") || invocation.command().equals("review") ? 2 : 1;
        } catch (RecordedSettings.SettingConflict e) {
            err.println("queue-schema: " + e.getMessage());
            return 2;
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
        if (!report.distributed().isEmpty()) {
            out.println("Distributed on the Citus coordinator: " + report.distributed().stream()
                    .map(move -> move.table() + " (" + move.placement() + ")").collect(java.util.stream.Collectors.joining(", ")) + ".");
        }
    }

    private void distribute(Invocation invocation, QueueSchemaMigrations migrations) {
        List<org.queueservice.schema.migrations.citus.Distribution.Move> moves = migrations.distribute(invocation.dryRun(),
                move -> out.println(move.line()));
        if (invocation.dryRun()) {
            out.println("-- dry run: preflight passed, " + moves.size() + " table(s) to place; nothing was changed");
        } else if (moves.isEmpty()) {
            out.println("Nothing to distribute: every table of " + invocation.connection() + " is placed already.");
        } else {
            out.println("Distributed " + moves.size() + " table(s) of " + invocation.connection()
                    + "; every row kept (counts and checksums equal before and after).");
        }
    }

    private int audit(Invocation invocation) {
        AuditReport report = new MigrationAudit(invocation.connection(), invocation.settings()).run();
        if (!publish(invocation, report.markdown())) {
            return 2;
        }
        if (invocation.out() != null) {
            out.println("Audit of " + invocation.connection() + ": " + report.passRate() + " passed"
                    + (report.passed() ? "" : "; not passed: " + String.join(", ", report.notPassed()))
                    + ". Report written to " + invocation.out() + ".");
        }
        return report.passed() ? 0 : 1;
    }

    private int review(Invocation invocation) {
        ReviewReport report = new SchemaReview(Migrations.all(), invocation.settings(), Path.of("").toAbsolutePath(),
                invocation.base(), invocation.usesDefaultDatabase() ? null : invocation.connection()).run();
        String text = switch (invocation.format()) {
            case "json" -> report.json();
            case "github" -> report.github();
            default -> report.markdown();
        };
        return publish(invocation, text) ? report.exitCode() : 2;
    }

    /** A report to standard output, or to --out; false, said on standard error, when the file cannot be written. */
    private boolean publish(Invocation invocation, String report) {
        if (invocation.out() == null) {
            out.print(report);
            return true;
        }
        try {
            Files.writeString(Path.of(invocation.out()), report, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            err.println("queue-schema: " + invocation.command() + " cannot write its report to " + invocation.out() + ": " + e);
            return false;
        }
    }

    private int rollback(Invocation invocation, QueueSchemaMigrations migrations) {
        RollbackPlan plan = migrations.planRollback(invocation.rollbackTo());
        if (plan.versions().isEmpty()) {
            int current = migrations.currentVersion();
            if (plan.target() > current) {
                // Most likely a typo: a silent "nothing to do" would hide it.
                err.println("queue-schema: rollback --to " + plan.target() + " is above the version " + invocation.connection()
                        + " is at, " + current + "; rollback only goes down. Nothing was changed.");
                return 2;
            }
            out.println("Nothing to roll back: no applied migration above version " + plan.target() + ".");
            return 0;
        }
        if (invocation.dryRun()) {
            out.print(plan.script());
            if (!plan.tablesAtRisk().isEmpty()) {
                out.println("-- would refuse without --force: tables dropped with rows that are not seed rows: "
                        + plan.describeTablesAtRisk());
            }
            plan.keptSeedRows().forEach(kept -> out.println("-- would keep " + kept));
            out.println("-- dry run: nothing was changed");
            return 0;
        }
        QueueSchemaMigrations.RollbackResult result = migrations.rollback(plan, invocation.force());
        out.println("Rolled back " + String.join(", ", result.undone()) + "; " + invocation.connection()
                + " is now at version " + plan.target() + ".");
        if (!result.found().atRisk().isEmpty()) {
            out.println("Forced: dropped " + result.found().describeAtRisk() + " with their rows.");
        }
        result.found().kept().forEach(kept -> out.println("Kept " + kept + "."));
        return 0;
    }

    /** Exit 1 when an object of the version could not be restored: the lines on stderr name each one. */
    private int repair(Invocation invocation, QueueSchemaMigrations migrations) {
        Repair.Report report = migrations.repair(invocation.dryRun());
        if (!report.changesAnything() && report.notRestored().isEmpty()) {
            out.println("Nothing to repair: " + invocation.connection() + " at version " + report.version()
                    + " has every object and history row of " + String.join(", ", report.versions()) + ".");
            return 0;
        }
        if (report.changesAnything()) {
            out.println((invocation.dryRun() ? "Repair would restore, on " : "Repair restored, on ") + invocation.connection()
                    + ", what " + String.join(", ", report.versions()) + " have and it lacked:");
            report.historyRestored().forEach(version -> out.println("  history row of " + version));
            report.restored().forEach(object -> out.println("  + " + object));
            report.seedRowsInserted().forEach(seed -> out.println("  missing seed rows, " + seed));
        }
        report.notRestored().forEach(object -> err.println("queue-schema: repair cannot restore " + object));
        if (invocation.dryRun()) {
            out.println("-- dry run: nothing was changed");
        } else if (report.notRestored().isEmpty()) {
            out.println("Repaired: history and schema agree at version " + report.version() + ".");
        }
        return report.notRestored().isEmpty() ? 0 : 1;
    }

    /** Exit 1 when the preflight finds a problem, dry run or not: the findings are what must be fixed first. */
    private int adopt(Invocation invocation, QueueSchemaMigrations migrations) {
        AdoptionPlan plan = migrations.planAdoption();
        out.println(invocation.connection().database() + " is " + plan.state() + ".");
        plan.findings().forEach(finding -> err.println("queue-schema: adopt preflight: " + finding));
        plan.revocations().forEach(out::println);
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
                      Set<RecordedSettings.Setting> explicit, boolean usesDefaultDatabase, int rollbackTo, boolean dryRun,
                      boolean force, String out, String base, String format) {

        Invocation withSettings(MigrationSettings recorded) {
            return new Invocation(command, connection, recorded, explicit, usesDefaultDatabase, rollbackTo, dryRun, force, out,
                    base, format);
        }
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
            if (FLAGS.contains(option) && command.equals("rollback")
                    || option.equals("--dry-run") && (command.equals("repair") || command.equals("adopt") || command.equals("distribute"))) {
                flags.add(option);
                continue;
            }
            if (option.equals("--to") && !command.equals("rollback")) {
                throw new IllegalArgumentException("--to is an option of rollback, not of " + command);
            }
            if (option.equals("--out") && !command.equals("audit") && !command.equals("review")) {
                throw new IllegalArgumentException("--out is an option of audit and review, not of " + command);
            }
            if ((option.equals("--base") || option.equals("--format")) && !command.equals("review")) {
                throw new IllegalArgumentException(option + " is an option of review, not of " + command);
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
        // An empty URL is a mistake (an unset variable in a script, say), never a request for the local default.
        if ("".equals(options.get("--url"))) {
            throw new IllegalArgumentException("--url is empty; give a JDBC URL such as " + DEFAULT_URL);
        }
        if (!options.containsKey("--url") && "".equals(environment.apply("QUEUE_DB_URL"))) {
            throw new IllegalArgumentException("QUEUE_DB_URL is set but empty; give a JDBC URL such as " + DEFAULT_URL
                    + ", or unset it for that default");
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
            settings = settings.withLockTimeout(LockTimeout.parse(options.get("--lock-timeout")));
        }
        int rollbackTo = -1;
        if (command.equals("rollback")) {
            if (!options.containsKey("--to")) {
                throw new IllegalArgumentException("rollback needs --to VERSION (0 undoes every migration)");
            }
            rollbackTo = version(options.get("--to"));
        }
        Set<RecordedSettings.Setting> explicit = EnumSet.noneOf(RecordedSettings.Setting.class);
        for (RecordedSettings.Setting setting : RecordedSettings.Setting.values()) {
            if (options.containsKey(setting.option())) {
                explicit.add(setting);
            }
        }
        String format = options.getOrDefault("--format", "markdown");
        if (!Set.of("markdown", "json", "github").contains(format)) {
            throw new IllegalArgumentException("--format must be markdown, json or github, got '" + format + "'");
        }
        if (command.equals("review") && !options.containsKey("--base") && url == null) {
            throw new IllegalArgumentException("review needs --base REF (a git revision), --url JDBC_URL, or both");
        }
        return new Invocation(command, connection, settings, explicit, url == null, rollbackTo,
                flags.contains("--dry-run"), flags.contains("--force"), options.get("--out"), options.get("--base"), format);
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

    private static String firstOf(String... values) {
        for (String value : values) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }
}
