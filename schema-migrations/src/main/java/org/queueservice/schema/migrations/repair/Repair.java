package org.queueservice.schema.migrations.repair;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.Objects;

import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.ConnectionSettings;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.RecordedSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.migrations.FlywayChain;
import org.queueservice.schema.migrations.internal.FailedTransaction;
import org.queueservice.schema.migrations.internal.Idempotence;
import org.queueservice.schema.migrations.internal.LockRetry;
import org.queueservice.schema.migrations.internal.SchemaChangeLock;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.migrations.security.IsolationContract;
import org.queueservice.schema.migrations.security.SecuritySurface;
import org.queueservice.schema.migrations.security.SurfaceChange;
import org.queueservice.schema.model.SchemaStep;

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

    private Repair() {
    }

    /**
     * Repairs the chain's database under the schema change lock, with the settings it was migrated with. With
     * {@code dryRun} nothing changes: the report says what would be restored.
     */
    public static Report run(FlywayChain chain, boolean dryRun) {
        return SchemaChangeLock.holding(chain.connection(), () -> {
            chain.requireRecordedSettings("repair");
            try (Connection c = chain.connection().open()) {
                c.setAutoCommit(true);
                return repair(chain.connection(), c, chain.migrations(), chain.settings(), dryRun);
            } catch (SQLException | RuntimeException e) {
                throw MigrationFailure.of("repair", e);
            }
        });
    }

    /**
     * Refuses, changing nothing, a history it cannot trust: a version unknown to the code, edited or stopped
     * half-way. {@code connection} is in autocommit; {@code database} is where the scratch database is created.
     */
    private static Report repair(ConnectionSettings database, Connection connection, List<SchemaMigration> migrations,
                                 MigrationSettings settings, boolean dryRun) throws SQLException {
        if (DSL.using(connection).fetchValue("select to_regclass(?)", Migrations.HISTORY_TABLE) == null) {
            throw new MigrationFailure("repair refused: " + Migrations.HISTORY_TABLE
                    + " does not exist, so there is no applied version to restore; run migrate. Nothing was changed.");
        }
        NavigableMap<Integer, HistoryRows.Applied> recorded = HistoryRows.recorded(connection);
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
            HistoryRows.Applied row = recorded.get(migration.versionNumber());
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
        List<Restorations.Restoration> onExisting = Restorations.find(connection, live, expected, notRestored);
        if (dryRun) {
            onExisting.forEach(r -> restored.add(r.toString()));
        } else {
            Restorations.restore(connection, onExisting, settings.lockTimeout(), restored, notRestored);
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
                Restorations.restore(connection, Restorations.find(connection, SchemaCatalog.readStructure(connection), expected, new ArrayList<>()),
                        settings.lockTimeout(), restored, notRestored);
            }
        }

        List<String> historyRestored;
        List<String> seedRowsInserted = new ArrayList<>();
        connection.setAutoCommit(false);
        try {
            StepRunner.limitLockWait(connection, settings.lockTimeout());
            historyRestored = HistoryRows.restore(connection, applied, recorded);
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
            FailedTransaction.rollBack(connection, e);
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
        if (!dryRun) {
            // what failed above is named with its error; anything else still differing is named from a fresh read
            List<String> failed = notRestored.stream().filter(line -> line.contains(": ")).map(line -> line.substring(0, line.indexOf(": "))).toList();
            List<String> left = new ArrayList<>();
            Restorations.find(connection, SchemaCatalog.readStructure(connection), expected, left).stream().filter(r -> !failed.contains(r.object()))
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
}
