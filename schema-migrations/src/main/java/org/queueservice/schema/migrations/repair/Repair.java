package org.queueservice.schema.migrations.repair;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.jooq.Field;
import org.jooq.Name;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.RecordedSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.OnlineDdl;
import org.queueservice.schema.migrations.catalog.ReferenceCatalog;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.internal.Idempotence;
import org.queueservice.schema.migrations.internal.LockRetry;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.migrations.security.IsolationContract;
import org.queueservice.schema.migrations.security.SecuritySurface;
import org.queueservice.schema.migrations.security.SurfaceChange;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.SqlRenderer;

/**
 * Brings a database back to the schema of the highest version its history records, without holding a lock
 * for longer than a catalog change. What that version's schema is comes from a scratch database migrated to
 * it (as review's drift check does), compared object by object with the live catalog, structure only: no
 * row is read or printed. Each missing or changed object is restored in its online form, each in its own
 * transaction (or in autocommit) under the lock timeout, again after a lock timeout: an index {@code CREATE
 * INDEX CONCURRENTLY}, a CHECK or foreign key {@code NOT VALID} then {@code VALIDATE}, a unique key from a
 * concurrently built index, NOT NULL behind a validated CHECK, a default, row-level security, a policy, a
 * grant, a trigger or a function as the version has it. Tables that are gone come back by re-running the
 * versions' schema steps that are idempotent by construction ({@link Idempotence#reapplicable}); data steps
 * never run again, only seed inserts of missing rows. What cannot be restored online (a dropped column, a
 * changed type, an object of the same name defined otherwise) is named, and the run fails.
 */
public final class Repair {

    /**
     * What repair did or, in a dry run, would do.
     *
     * @param restored the objects restored, as {@code index jobs.jobs_claim_idx: CREATE INDEX ...}
     * @param seedRowsInserted per seed step, how many missing rows it inserted (never the rows themselves)
     * @param notRestored the objects that still differ from the version, each with the reason
     */
    public record Report(int version, List<String> versions, List<String> historyRestored, List<String> restored,
                         List<String> seedRowsInserted, List<String> notRestored) {

        public boolean changesAnything() {
            return !historyRestored.isEmpty() || !restored.isEmpty() || !seedRowsInserted.isEmpty();
        }
    }

    /** An object of the version that the live database lacks or has otherwise, and the steps that restore it. */
    private record Restoration(String object, String definition, List<SchemaStep> steps) {
        @Override
        public String toString() {
            return object + ": " + definition;
        }
    }

    private static final org.jooq.Table<?> HISTORY = DSL.table(DSL.name(Migrations.HISTORY_TABLE));
    private static final Field<String> VERSION = DSL.field(DSL.name("version"), SQLDataType.VARCHAR);

    private Repair() {
    }

    /**
     * Refuses, changing nothing, a history it cannot trust: a version unknown to the code, edited or stopped
     * half-way. {@code connection} is in autocommit; {@code database} is where the scratch database is created.
     */
    public static Report run(ConnectionSettings database, Connection connection, List<SchemaMigration> migrations,
                             MigrationSettings settings, boolean dryRun) throws SQLException {
        if (DSL.using(connection).fetchValue("select to_regclass(?)", Migrations.HISTORY_TABLE) == null) {
            throw new MigrationFailure("repair refused: " + Migrations.HISTORY_TABLE
                    + " does not exist, so there is no applied version to restore; run migrate. Nothing was changed.");
        }
        NavigableMap<Integer, Applied> recorded = recordedVersions(connection);
        if (recorded.isEmpty()) {
            throw new MigrationFailure("repair refused: the history records no applied version; run migrate. Nothing was changed.");
        }
        int version = recorded.lastKey();
        if (version > migrations.size()) {
            throw new MigrationFailure("repair refused: the history records V" + version + ", which this queue-schema does not "
                    + "have (it knows V1 to V" + migrations.size() + "); use the queue-schema that applied it. Nothing was changed.");
        }
        List<SchemaMigration> applied = migrations.subList(0, version);
        for (SchemaMigration migration : applied) {
            Applied row = recorded.get(migration.versionNumber());
            if (row == null) {
                continue;
            }
            if (!row.success()) {
                throw new MigrationFailure("repair refused: V" + migration.versionNumber() + " " + migration.getDescription()
                        + " stopped half-way; run migrate to finish it or rollback to undo it. Nothing was changed.");
            }
            if (!String.valueOf(migration.getChecksum()).equals(row.checksum())) {
                throw new MigrationFailure("repair refused: V" + migration.versionNumber() + " " + migration.getDescription()
                        + " as applied differs from the code (checksum); run validate for details. Nothing was changed.");
            }
        }

        SchemaCatalog expected = ReferenceCatalog.of(database, applied, settings, "repair");
        List<String> restored = new ArrayList<>();
        List<String> notRestored = new ArrayList<>();
        SchemaCatalog live = SchemaCatalog.readStructure(connection);
        List<String> missingTables = expected.tables().keySet().stream().filter(t -> !live.tables().containsKey(t)).toList();
        // Objects on the tables that are there first: a missing index is built concurrently before any step
        // of the re-run below could build it in its plain, write-blocking form.
        List<Restoration> onExisting = restorations(connection, live, expected, notRestored);
        if (dryRun) {
            onExisting.forEach(r -> restored.add(r.toString()));
        } else {
            restore(connection, onExisting, settings.lockTimeout(), restored, notRestored);
        }
        List<SchemaStep> schemaSteps = applied.stream().flatMap(m -> m.up(settings).stream())
                .filter(Idempotence::reapplicable).toList();
        if (!missingTables.isEmpty()) {
            String by = "re-run of the schema steps of V1..V" + version;
            missingTables.forEach(t -> restored.add("table " + t + ": " + by));
            if (!dryRun) {
                LockRetry.run(() -> StepRunner.runEachCommitted(connection,
                        schemaSteps.stream().filter(step -> !inserts(step)).toList(), settings.lockTimeout()));
                // what the re-run cannot give the re-created tables (a concurrent index of a later version, say)
                restore(connection, restorations(connection, SchemaCatalog.readStructure(connection), expected, new ArrayList<>()),
                        settings.lockTimeout(), restored, notRestored);
            }
        }

        List<String> historyRestored;
        List<String> seedRowsInserted = new ArrayList<>();
        connection.setAutoCommit(false);
        try {
            StepRunner.limitLockWait(connection, settings.lockTimeout());
            historyRestored = restoreHistory(connection, applied, recorded);
            if (missingTables.isEmpty() || !dryRun) {
                for (SchemaStep seed : schemaSteps.stream().filter(Repair::inserts).toList()) {
                    int rows = insertMissing(connection, seed);
                    if (rows > 0) {
                        seedRowsInserted.add(seed.description() + ": " + rows + (rows == 1 ? " row" : " rows"));
                    }
                }
            }
            // in the transaction that may insert the system tenant: the record tells whether it inserted it
            RecordedSettings.record(connection, settings);
            if (dryRun) {
                connection.rollback();
            } else {
                connection.commit();
            }
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        if (!dryRun) {
            // what failed above is named with its error; anything else still differing is named from a fresh read
            List<String> failed = notRestored.stream().filter(line -> line.contains(": ")).map(line -> line.substring(0, line.indexOf(": "))).toList();
            List<String> left = new ArrayList<>();
            restorations(connection, SchemaCatalog.readStructure(connection), expected, left).stream().filter(r -> !failed.contains(r.object()))
                    .forEach(r -> left.add(r.object() + ": still differs after repair (the version has " + r.definition() + ")"));
            left.removeIf(line -> failed.contains(line.substring(0, line.indexOf(": "))) || notRestored.contains(line));
            notRestored.addAll(left);
        }
        if (!dryRun) {
            // What still opens tenants to each other once the version's objects are back (a view, a grant to another
            // role, a SECURITY DEFINER function) is named, never removed: it may be someone's, only they can judge.
            for (SurfaceChange violation : IsolationContract.violations(SecuritySurface.read(connection, settings))) {
                notRestored.add(violation.object() + ": breaks tenant isolation (" + violation.code() + ", " + violation.description()
                        + "); remove or revoke it by hand");
            }
        }
        return new Report(version, applied.stream().map(m -> "V" + m.versionNumber() + " " + m.getDescription()).toList(),
                historyRestored, restored, seedRowsInserted, notRestored);
    }

    /** Runs each restoration on its own, retried after lock timeouts; one that fails for good is named, the rest go on. */
    private static void restore(Connection connection, List<Restoration> restorations, Duration lockTimeout,
                                List<String> restored, List<String> notRestored) throws SQLException {
        for (Restoration restoration : restorations) {
            try {
                LockRetry.run(() -> StepRunner.runEachCommitted(connection, restoration.steps(), lockTimeout));
                restored.add(restoration.toString());
            } catch (StepRunner.StepFailedException e) {
                notRestored.add(restoration.object() + ": " + e.getMessage());
            }
        }
    }

    /**
     * What restores each object {@code expected} has and {@code live} lacks or has otherwise, on the tables
     * {@code live} has; what cannot be restored online goes to {@code cannot}, with the reason. Objects only
     * the live database has are left alone: review's drift check names them.
     */
    private static List<Restoration> restorations(Connection connection, SchemaCatalog live, SchemaCatalog expected,
                                                  List<String> cannot) throws SQLException {
        List<Restoration> restorations = new ArrayList<>();
        Map<String, String> objects = expected.objects();
        for (SchemaCatalog.Table want : expected.tables().values()) {
            SchemaCatalog.Table have = live.tables().get(want.name());
            if (have == null) {
                continue;
            }
            Name table = DSL.name(want.name());
            for (SchemaCatalog.Column column : want.columns()) {
                String object = "column " + want.name() + "." + column.name();
                Optional<SchemaCatalog.Column> found = have.column(column.name());
                if (found.isEmpty()) {
                    cannot.add(object + ": dropped, and its values with it; add it back by hand");
                } else if (!found.get().type().equals(column.type())) {
                    cannot.add(object + ": is " + found.get().type() + ", the version has " + column.type()
                            + "; changing a type rewrites the table, do it by hand");
                } else {
                    columnRestorations(table, object, column, found.get(), objects.get(object)).forEach(restorations::add);
                }
            }
            for (SchemaCatalog.Constraint constraint : want.constraints()) {
                String object = "constraint " + want.name() + "." + constraint.name();
                Optional<SchemaCatalog.Constraint> found = have.constraint(constraint.name());
                if (found.isPresent() && !found.get().definition().equals(constraint.definition())
                        && !found.get().definition().equals(asRestored(connection, want.name(), constraint))) {
                    cannot.add(object + ": defined as `" + found.get().definition() + "`, the version has `"
                            + constraint.definition() + "`; drop it by hand and run repair again");
                } else if (found.isEmpty() || constraint.validated() && !found.get().validated()) {
                    constraintRestoration(want, table, constraint, found.isPresent(), object, cannot).ifPresent(restorations::add);
                }
            }
            for (SchemaCatalog.Index index : want.indexes()) {
                String object = "index " + want.name() + "." + index.name();
                Optional<SchemaCatalog.Index> found = have.index(index.name());
                if (index.ofConstraint()) {
                    continue; // built with its constraint
                }
                if (found.isPresent() && !found.get().definition().equals(index.definition())) {
                    cannot.add(object + ": defined as `" + found.get().definition() + "`, the version has `"
                            + index.definition() + "`; drop it by hand and run repair again");
                } else if (found.isEmpty() || !found.get().valid()) {
                    restorations.add(new Restoration(object, index.definition(), List.of(OnlineDdl.dropIfInvalid(DSL.name(index.name())),
                            SchemaStep.of("create index " + index.name() + " concurrently", DSL.query(concurrently(index.definition())))
                                    .inAutocommit())));
                }
            }
            for (String trigger : want.triggers()) {
                String name = trigger.replaceFirst("^CREATE TRIGGER (\\S+) .*$", "$1");
                String object = "trigger " + want.name() + "." + name;
                if (!have.triggers().contains(trigger)) {
                    if (have.triggers().stream().anyMatch(t -> t.startsWith("CREATE TRIGGER " + name + " "))) {
                        cannot.add(object + ": defined otherwise; drop it by hand and run repair again");
                    } else {
                        restorations.add(new Restoration(object, trigger, List.of(SchemaStep.of("create trigger " + name,
                                DSL.query(trigger.replaceFirst(";$", ""))))));
                    }
                }
            }
            if (want.rowSecurity() && !have.rowSecurity()) {
                restorations.add(new Restoration("row-level security " + want.name(), "enabled",
                        List.of(SchemaStep.of("enable row level security on " + want.name(),
                                DSL.query("alter table {0} enable row level security", table)))));
            }
            if (want.forceRowSecurity() && !have.forceRowSecurity()) {
                restorations.add(new Restoration("forced row-level security " + want.name(), "forced",
                        List.of(SchemaStep.of("force row level security on " + want.name(),
                                DSL.query("alter table {0} force row level security", table)))));
            }
            for (SchemaCatalog.Policy policy : want.policies()) {
                if (!have.policies().contains(policy)) {
                    // dropped and created in one transaction: no moment without the policy
                    restorations.add(new Restoration("policy " + want.name() + "." + policy.name(), policy.definition(),
                            List.of(SchemaStep.of("policy " + policy.name() + " on " + want.name(),
                                    DSL.query("drop policy if exists {0} on {1}", DSL.name(policy.name()), table),
                                    DSL.query(policy.definition().replaceFirst(";$", ""))))));
                }
            }
            for (String grant : want.grants()) {
                if (!have.grants().contains(grant)) {
                    String grantee = grant.replaceFirst("^.* TO (\\S+);$", "$1");
                    restorations.add(new Restoration("grant " + want.name() + " " + grantee, grant,
                            List.of(SchemaStep.of("grants on " + want.name() + " to " + grantee,
                                    DSL.query("revoke all on {0} from " + grantee, table), DSL.query(grant.replaceFirst(";$", ""))))));
                }
            }
            for (SchemaCatalog.Comment comment : want.comments()) {
                if (!have.comments().contains(comment)) {
                    restorations.add(new Restoration("comment", comment.statement(),
                            List.of(SchemaStep.of("comment", DSL.query(comment.statement().replaceFirst(";$", ""))))));
                }
            }
        }
        for (String function : expected.functions()) {
            if (!live.functions().contains(function)) {
                String name = function.replaceFirst("(?s)^CREATE OR REPLACE FUNCTION (\\S+?)\\(.*$", "$1");
                restorations.add(new Restoration("function " + name, "as the version defines it",
                        List.of(SchemaStep.of("function " + name, DSL.query(function.replaceFirst(";\\s*$", ""))))));
            }
        }
        return restorations;
    }

    /** A default set or dropped (catalog only), NOT NULL behind a validated CHECK, as the version has them. */
    private static List<Restoration> columnRestorations(Name table, String object, SchemaCatalog.Column want,
                                                        SchemaCatalog.Column have, String definition) {
        List<Restoration> restorations = new ArrayList<>();
        Name column = DSL.name(want.name());
        if (!Objects.equals(want.defaultExpression(), have.defaultExpression())) {
            restorations.add(new Restoration(object + " default", definition, List.of(SchemaStep.of("default of " + object,
                    want.defaultExpression() == null ? DSL.query("alter table {0} alter column {1} drop default", table, column)
                            : DSL.query("alter table {0} alter column {1} set default " + want.defaultExpression(), table, column)))));
        }
        if (want.notNull() && !have.notNull()) {
            Name check = OnlineDdl.notNullCheck(table, column);
            restorations.add(new Restoration(object + " not null", definition, List.of(
                    OnlineDdl.addCheckNotValid(table, check, OnlineDdl.isNotNull(column)),
                    OnlineDdl.validate(table, check),
                    SchemaStep.of("set not null " + object, DSL.query("alter table {0} alter column {1} set not null", table, column)),
                    SchemaStep.of("drop the helper check", DSL.query("alter table {0} drop constraint if exists {1}", table, check)))));
        } else if (!want.notNull() && have.notNull()) {
            restorations.add(new Restoration(object + " nullable", definition, List.of(SchemaStep.of("drop not null " + object,
                    DSL.query("alter table {0} alter column {1} drop not null", table, column)))));
        }
        return restorations;
    }

    /**
     * A CHECK or foreign key added NOT VALID (brief lock) and validated apart (a scan that lets writes go on);
     * a unique or primary key from an index built concurrently.
     */
    private static Optional<Restoration> constraintRestoration(SchemaCatalog.Table want, Name table, SchemaCatalog.Constraint constraint,
                                                               boolean present, String object, List<String> cannot) {
        Name name = DSL.name(constraint.name());
        SchemaStep validate = OnlineDdl.validate(table, name);
        String definition = constraint.definition();
        return switch (constraint.type()) {
            case "c", "f" -> Optional.of(new Restoration(object, definition, present ? List.of(validate) : List.of(
                    SchemaStep.onlyIf(OnlineDdl.absent(table, name), "add constraint " + constraint.name() + " not valid",
                            DSL.query("alter table {0} add constraint {1} " + definition + " not valid", table, name)),
                    validate)));
            case "u", "p" -> want.index(constraint.name()).map(index -> new Restoration(object, definition, List.of(
                    OnlineDdl.dropIfInvalid(name),
                    SchemaStep.of("create unique index " + constraint.name() + " concurrently",
                            DSL.query(concurrently(index.definition()))).inAutocommit(),
                    SchemaStep.onlyIf(OnlineDdl.absent(table, name), "add constraint " + constraint.name() + " using its index",
                            DSL.query("alter table {0} add constraint {1} " + (constraint.type().equals("p") ? "primary key" : "unique")
                                    + " using index {1}", table, name)))));
            default -> {
                cannot.add(object + ": " + definition + " cannot be restored online; add it by hand");
                yield Optional.empty();
            }
        };
    }

    /**
     * How PostgreSQL reports {@code constraint} once repair has added it from its reported definition: a
     * CHECK's expression parsed again may print otherwise ({@code ANY (ARRAY[...])} casts move) and means the
     * same. Worked out on an empty temporary copy of the table, in a transaction rolled back.
     */
    private static String asRestored(Connection connection, String table, SchemaCatalog.Constraint constraint) throws SQLException {
        if (!constraint.type().equals("c")) {
            return constraint.definition();
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(SqlRenderer.render(DSL.query("create temporary table {0} (like {1}) on commit drop",
                    DSL.name("repair_check"), DSL.name(table))));
            statement.execute(SqlRenderer.render(DSL.query("alter table {0} add constraint {1} " + constraint.definition(),
                    DSL.name("repair_check"), DSL.name(constraint.name()))));
            return SchemaCatalog.readTemporary(connection).tables().get("repair_check").constraint(constraint.name())
                    .orElseThrow().definition();
        } finally {
            connection.rollback();
            connection.setAutoCommit(autoCommit);
        }
    }

    /** PostgreSQL's {@code CREATE [UNIQUE] INDEX name ON ...} in its concurrent, idempotent form. */
    private static String concurrently(String definition) {
        return definition.replaceFirst("^CREATE (UNIQUE )?INDEX ", "CREATE $1INDEX CONCURRENTLY IF NOT EXISTS ");
    }

    private static boolean inserts(SchemaStep step) {
        return step.sql().stream().anyMatch(sql -> sql.toLowerCase(Locale.ROOT).startsWith("insert "));
    }

    /** Runs a seed step (its guard permitting) and counts the rows its inserts added: the missing ones only. */
    private static int insertMissing(Connection connection, SchemaStep seed) throws SQLException {
        if (seed.onlyIf().isPresent() && !StepRunner.holds(connection, seed.onlyIf().get())) {
            return 0;
        }
        int inserted = 0;
        try (Statement statement = connection.createStatement()) {
            for (String sql : seed.sql()) {
                statement.execute(sql);
                if (sql.toLowerCase(Locale.ROOT).startsWith("insert ")) {
                    inserted += statement.getUpdateCount();
                }
            }
        }
        return inserted;
    }

    /** A history row: the checksum the version had when it was applied, and whether it finished. */
    private record Applied(String checksum, boolean success) {
    }

    /** The history rows above the baseline, by version. */
    private static NavigableMap<Integer, Applied> recordedVersions(Connection connection) throws SQLException {
        NavigableMap<Integer, Applied> versions = new TreeMap<>();
        for (List<String> row : QueryRows.of(connection, SqlRenderer.render(DSL.select(VERSION,
                DSL.field(DSL.name("checksum")).cast(SQLDataType.VARCHAR), DSL.field(DSL.name("success")).cast(SQLDataType.VARCHAR))
                .from(HISTORY).where(VERSION.isNotNull()).and(VERSION.ne(DSL.inline("0")))))) {
            versions.put(Integer.parseInt(row.get(0)), new Applied(row.get(1), Boolean.parseBoolean(row.get(2))));
        }
        return versions;
    }

    /**
     * Inserts the history rows of the versions that have none, then renumbers the versions' rows in version
     * order after any baseline row, as migrate would have written them.
     */
    private static List<String> restoreHistory(Connection connection, List<SchemaMigration> applied,
                                               Map<Integer, Applied> recorded) throws SQLException {
        List<String> restored = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            for (SchemaMigration migration : applied) {
                if (recorded.containsKey(migration.versionNumber())) {
                    continue;
                }
                try (PreparedStatement insert = connection.prepareStatement("insert into " + Migrations.HISTORY_TABLE
                        + " (installed_rank, version, description, type, script, checksum, installed_by, execution_time, success) "
                        + "select coalesce(max(installed_rank), 0) + 1, ?, ?, 'JDBC', ?, ?, current_user, 0, true from "
                        + Migrations.HISTORY_TABLE)) {
                    insert.setString(1, Integer.toString(migration.versionNumber()));
                    insert.setString(2, migration.getDescription());
                    insert.setString(3, migration.getClass().getName());
                    insert.setInt(4, migration.getChecksum());
                    insert.executeUpdate();
                }
                restored.add("V" + migration.versionNumber() + " " + migration.getDescription());
            }
            if (!restored.isEmpty()) {
                // Ranks in version order: first out of the way (installed_rank is the key), then 1, 2, ... after the baseline.
                statement.execute("update " + Migrations.HISTORY_TABLE + " set installed_rank = -installed_rank "
                        + "where version <> '0'");
                statement.execute("update " + Migrations.HISTORY_TABLE + " h set installed_rank = n.rank "
                        + "from (select version, ((select count(*) from " + Migrations.HISTORY_TABLE + " where version = '0')"
                        + " + row_number() over (order by version::int))::int as rank from " + Migrations.HISTORY_TABLE
                        + " where version <> '0') n where h.version = n.version");
            }
        }
        return restored;
    }
}
