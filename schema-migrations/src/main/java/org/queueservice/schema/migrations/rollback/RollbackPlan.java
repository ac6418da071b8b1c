package org.queueservice.schema.migrations.rollback;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.jooq.Name;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.RecordedSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.migrations.internal.RolledBackTransaction;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.model.DataAtRisk;
import org.queueservice.schema.model.KeptRows;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.SqlRenderer;

/**
 * What a rollback to a version would do, worked out before anything changes: the applied migrations
 * above that version (newest first) with their down steps, every table it would drop that holds rows
 * other than seed rows (the data a rollback must not lose unless forced), and the seed rows it keeps
 * because an operator changed them. The same inspection runs again, under lock, in the transaction that
 * undoes the versions ({@link #lockAndInspect}).
 */
public final class RollbackPlan {

    /** A table (or a table's column) that would be dropped with data in it. */
    public record TableAtRisk(String table, long rows) {
        @Override
        public String toString() {
            return table + " (" + rows + (rows == 1 ? " row" : " rows") + ")";
        }
    }

    /** What the down steps would destroy, and the seed rows they would leave because they were changed. */
    public record Inspection(List<TableAtRisk> atRisk, List<String> kept) {
        public Inspection {
            atRisk = List.copyOf(atRisk);
            kept = List.copyOf(kept);
        }

        /** The tables at risk as {@code jobs (3 rows), tenants (1 row)}. */
        public String describeAtRisk() {
            return atRisk.stream().map(TableAtRisk::toString).collect(Collectors.joining(", "));
        }
    }

    private final int target;
    private final List<SchemaMigration> undo;
    private final Inspection inspection;
    private final MigrationSettings settings;

    private RollbackPlan(int target, List<SchemaMigration> undo, Inspection inspection, MigrationSettings settings) {
        this.target = target;
        this.undo = List.copyOf(undo);
        this.inspection = inspection;
        this.settings = settings;
    }

    public static RollbackPlan prepare(Connection connection, List<SchemaMigration> migrations, Set<Integer> applied,
                                int target, MigrationSettings settings) throws SQLException {
        List<SchemaMigration> undo = new ArrayList<>();
        for (SchemaMigration migration : migrations) {
            if (migration.versionNumber() > target && applied.contains(migration.versionNumber())) {
                undo.add(migration);
            }
        }
        Collections.reverse(undo);
        Inspection inspection = RolledBackTransaction.run(connection, () -> {
            StepRunner.limitLockWait(connection, settings.lockTimeout());
            return inspect(connection, downSteps(undo, settings));
        });
        return new RollbackPlan(target, undo, inspection, settings);
    }

    public int target() {
        return target;
    }

    /** Versions to undo, newest first, as {@code V3 Seed rate limiters}. */
    public List<String> versions() {
        return undo.stream().map(m -> "V" + m.versionNumber() + " " + m.getDescription()).toList();
    }

    public List<TableAtRisk> tablesAtRisk() {
        return inspection.atRisk();
    }

    /** The tables at risk as {@code jobs (3 rows), tenants (1 row)}. */
    public String describeTablesAtRisk() {
        return inspection.describeAtRisk();
    }

    /** Seed rows the rollback leaves because they were changed since seeding, as {@code what: label, ...}. */
    public List<String> keptSeedRows() {
        return inspection.kept();
    }

    /**
     * The versions to undo in groups that share a transaction: consecutive versions that run in one
     * transaction are undone together (their guard, locks and drops in one transaction, all or nothing); a
     * version that commits step by step is a group of its own.
     */
    public List<List<SchemaMigration>> transactions() {
        List<List<SchemaMigration>> groups = new ArrayList<>();
        for (SchemaMigration migration : undo) {
            List<SchemaMigration> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
            if (last != null && migration.canExecuteInTransaction() && last.get(0).canExecuteInTransaction()) {
                last.add(migration);
            } else {
                groups.add(new ArrayList<>(List.of(migration)));
            }
        }
        return groups;
    }

    /**
     * The guard, in the caller's transaction: locks every table the down steps of {@code versions} would
     * take data from in SHARE mode (reads go on, writers wait until the transaction ends), then counts what
     * they would destroy and keep. Nothing committed after the count can be lost by drops that follow it in
     * the same transaction.
     */
    public Inspection lockAndInspect(Connection connection, List<SchemaMigration> versions) throws SQLException {
        return inspect(connection, downSteps(versions, settings));
    }

    public List<SchemaStep> downSteps(SchemaMigration migration) {
        return migration.down(settings);
    }

    /** The SQL a rollback runs, transaction by transaction, for --dry-run. */
    public String script() {
        StringBuilder script = new StringBuilder();
        String lockTimeout = "select set_config('lock_timeout', '" + settings.lockTimeout().toMillis() + "ms', true);\n";
        String guard = "-- the data guard: lock table ... in share mode on the tables it would take data from, count, "
                + "refuse unless --force\n";
        for (List<SchemaMigration> transaction : transactions()) {
            boolean online = !transaction.get(0).canExecuteInTransaction();
            script.append(online ? "" : "begin;\n" + lockTimeout + guard);
            for (SchemaMigration migration : transaction) {
                script.append("-- undo V").append(migration.versionNumber()).append(' ').append(migration.getDescription());
                if (online) {
                    script.append(" (an online version: each step commits on its own, under the same lock timeout)\n")
                            .append(SchemaMigration.script(migration.down(settings))).append("begin;\n");
                } else {
                    script.append(" (one transaction with the versions around it)\n").append(SchemaMigration.script(migration.down(settings)));
                }
                forgetVersion(migration.versionNumber()).forEach(query -> script.append(SqlRenderer.render(query)).append(";\n"));
            }
            script.append("commit;\n");
        }
        return script.toString();
    }

    /**
     * What removes a version from the history: its row, and with V1 the recorded settings, so that the
     * next migrate of the emptied schema may choose them again.
     */
    public static List<org.jooq.Query> forgetVersion(int version) {
        org.jooq.Query row = DSL.deleteFrom(DSL.table(DSL.name(Migrations.HISTORY_TABLE)))
                .where(DSL.field(DSL.name("version"), String.class).eq(DSL.inline(Integer.toString(version))));
        return version == 1 ? List.of(row, RecordedSettings.forget()) : List.of(row);
    }

    /**
     * Counts, across every tenant, what the down steps would destroy: each step that declares
     * {@link DataAtRisk} (a dropped table's rows, a dropped column's values) on a table and column still there
     * and whose guard holds; and
     * lists the rows they keep ({@link KeptRows}). The tables are locked in SHARE mode first. Under FORCE ROW
     * LEVEL SECURITY even the owner sees no rows without a tenant, so for an owner each count lifts FORCE
     * inside a savepoint that is rolled back at once; a superuser or a BYPASSRLS role sees every row anyway.
     */
    private static Inspection inspect(Connection connection, List<SchemaStep> downSteps) throws SQLException {
        List<SchemaStep> counted = new ArrayList<>();
        Set<Name> tables = new LinkedHashSet<>();
        for (SchemaStep step : downSteps) {
            Optional<Name> table = inspectedTable(step);
            Optional<Name> column = step.dataAtRisk().flatMap(DataAtRisk::column);
            if (table.isPresent() && exists(connection, table.get())
                    && (column.isEmpty() || hasColumn(connection, table.get(), column.get()))
                    && (step.onlyIf().isEmpty() || StepRunner.holds(connection, step.onlyIf().get()))) {
                counted.add(step);
                tables.add(table.get());
            }
        }
        List<TableAtRisk> atRisk = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        if (counted.isEmpty()) {
            return new Inspection(atRisk, kept);
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute(SqlRenderer.render(DSL.query("lock table {0} in share mode",
                    DSL.list(tables.stream().map(DSL::table).toList()))));
            boolean seesEveryRow = StepRunner.holds(connection, DSL.condition(
                    "(select rolsuper or rolbypassrls from pg_catalog.pg_roles where rolname = current_user)"));
            for (SchemaStep step : counted) {
                Savepoint beforeCount = connection.setSavepoint();
                if (!seesEveryRow) {
                    statement.execute(SqlRenderer.render(DSL.query("alter table {0} no force row level security",
                            inspectedTable(step).get())));
                }
                if (step.dataAtRisk().isPresent()) {
                    DataAtRisk data = step.dataAtRisk().get();
                    long rows = Long.parseLong(QueryRows.of(connection, SqlRenderer.render(
                            DSL.selectCount().from(DSL.table(data.table())).where(data.lostRows()))).get(0).get(0));
                    if (rows > 0) {
                        atRisk.add(new TableAtRisk(data.what(), rows));
                    }
                }
                if (step.keptRows().isPresent()) {
                    KeptRows rows = step.keptRows().get();
                    List<String> labels = QueryRows.of(connection, SqlRenderer.render(DSL.select(rows.label())
                            .from(DSL.table(rows.table())).where(rows.rows()).orderBy(rows.label()))).stream().map(row -> row.get(0)).toList();
                    if (!labels.isEmpty()) {
                        kept.add(rows.what() + ": " + String.join(", ", labels));
                    }
                }
                connection.rollback(beforeCount);
            }
        }
        return new Inspection(atRisk, kept);
    }

    private static List<SchemaStep> downSteps(List<SchemaMigration> versions, MigrationSettings settings) {
        return versions.stream().flatMap(m -> m.down(settings).stream()).toList();
    }

    /** The table whose rows a down step loses or keeps, if it declares either. */
    private static Optional<Name> inspectedTable(SchemaStep step) {
        return step.dataAtRisk().map(DataAtRisk::table).or(() -> step.keptRows().map(KeptRows::table));
    }

    private static boolean exists(Connection connection, Name table) throws SQLException {
        return StepRunner.holds(connection,
                DSL.function("to_regclass", org.jooq.impl.SQLDataType.OTHER, DSL.inline(table.last())).isNotNull());
    }

    private static boolean hasColumn(Connection connection, Name table, Name column) throws SQLException {
        return StepRunner.holds(connection, DSL.condition("exists (select from pg_catalog.pg_attribute "
                + "where attrelid = to_regclass({0}) and attname = {1} and not attisdropped)", DSL.inline(table.last()), DSL.inline(column.last())));
    }

}
