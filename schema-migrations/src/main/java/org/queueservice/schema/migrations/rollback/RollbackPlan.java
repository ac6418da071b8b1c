package org.queueservice.schema.migrations.rollback;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import org.jooq.Name;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.QueueSchemaMigrations;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.internal.RolledBackTransaction;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.model.DataAtRisk;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.SqlRenderer;

/**
 * What a rollback to a version would do, worked out before anything changes: the applied migrations
 * above that version (newest first) with their down steps, and every table it would drop that holds
 * rows other than seed rows (the data a rollback must not lose unless forced).
 */
public final class RollbackPlan {

    /** A table (or a table's column) that would be dropped with data in it. */
    public record TableAtRisk(String table, long rows) {
        @Override
        public String toString() {
            return table + " (" + rows + (rows == 1 ? " row" : " rows") + ")";
        }
    }

    private final int target;
    private final List<SchemaMigration> undo;
    private final List<TableAtRisk> atRisk;
    private final MigrationSettings settings;

    private RollbackPlan(int target, List<SchemaMigration> undo, List<TableAtRisk> atRisk, MigrationSettings settings) {
        this.target = target;
        this.undo = List.copyOf(undo);
        this.atRisk = List.copyOf(atRisk);
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
        List<SchemaStep> downSteps = undo.stream().flatMap(m -> m.down(settings).stream()).toList();
        List<TableAtRisk> atRisk = countDataAtRisk(connection, downSteps, settings);
        return new RollbackPlan(target, undo, atRisk, settings);
    }

    public int target() {
        return target;
    }

    /** Versions to undo, newest first, as {@code V3 Seed rate limiters}. */
    public List<String> versions() {
        return undo.stream().map(m -> "V" + m.versionNumber() + " " + m.getDescription()).toList();
    }

    public List<TableAtRisk> tablesAtRisk() {
        return atRisk;
    }

    /** The tables at risk as {@code jobs (3 rows), tenants (1 row)}. */
    public String describeTablesAtRisk() {
        return atRisk.stream().map(TableAtRisk::toString).collect(java.util.stream.Collectors.joining(", "));
    }

    public List<SchemaMigration> migrations() {
        return undo;
    }

    public List<SchemaStep> downSteps(SchemaMigration migration) {
        return migration.down(settings);
    }

    /** The SQL a rollback runs, transaction by transaction, for --dry-run. */
    public String script() {
        StringBuilder script = new StringBuilder();
        for (SchemaMigration migration : undo) {
            String lockTimeout = "select set_config('lock_timeout', '" + settings.lockTimeout().toMillis() + "ms', true);\n";
            script.append("-- undo V").append(migration.versionNumber()).append(' ').append(migration.getDescription());
            if (migration.canExecuteInTransaction()) {
                script.append(" (one transaction)\nbegin;\n").append(lockTimeout)
                        .append(SchemaMigration.script(migration.down(settings)));
            } else {
                script.append(" (an online version: each step commits on its own, under the same lock timeout)\n")
                        .append(SchemaMigration.script(migration.down(settings))).append("begin;\n");
            }
            script.append(SqlRenderer.render(forgetVersion(migration.versionNumber()))).append(";\ncommit;\n");
        }
        return script.toString();
    }

    public static org.jooq.Query forgetVersion(int version) {
        return DSL.deleteFrom(DSL.table(DSL.name(QueueSchemaMigrations.HISTORY_TABLE)))
                .where(DSL.field(DSL.name("version"), String.class).eq(DSL.inline(Integer.toString(version))));
    }

    /**
     * Counts, across every tenant, what the down steps would destroy: each step that declares
     * {@link DataAtRisk} (a dropped table's rows, a dropped column's values) and whose guard holds. Under
     * FORCE ROW LEVEL SECURITY even the owner sees no rows without a tenant, so for an owner the count runs
     * in a transaction that lifts FORCE (an ACCESS EXCLUSIVE lock, under the lock timeout) and is then
     * rolled back; a superuser or a BYPASSRLS role sees every row anyway and takes no such lock.
     */
    private static List<TableAtRisk> countDataAtRisk(Connection connection, List<SchemaStep> downSteps,
                                                     MigrationSettings settings) throws SQLException {
        return RolledBackTransaction.run(connection, () -> {
            List<TableAtRisk> atRisk = new ArrayList<>();
            try (Statement statement = connection.createStatement()) {
                StepRunner.limitLockWait(connection, settings.lockTimeout());
                boolean seesEveryRow = StepRunner.holds(connection, DSL.condition(
                        "(select rolsuper or rolbypassrls from pg_catalog.pg_roles where rolname = current_user)"));
                for (SchemaStep step : downSteps) {
                    if (step.dataAtRisk().isEmpty() || !exists(connection, step.dataAtRisk().get().table())
                            || step.onlyIf().isPresent() && !StepRunner.holds(connection, step.onlyIf().get())) {
                        continue;
                    }
                    DataAtRisk data = step.dataAtRisk().get();
                    if (!seesEveryRow) {
                        statement.execute(SqlRenderer.render(DSL.query("alter table {0} no force row level security", data.table())));
                    }
                    long rows = count(statement, DSL.selectCount().from(DSL.table(data.table())).where(data.lostRows()));
                    if (rows > 0) {
                        atRisk.add(new TableAtRisk(data.what(), rows));
                    }
                }
            }
            return atRisk;
        });
    }

    private static boolean exists(Connection connection, Name table) throws SQLException {
        return StepRunner.holds(connection,
                DSL.function("to_regclass", org.jooq.impl.SQLDataType.OTHER, DSL.inline(table.last())).isNotNull());
    }

    private static long count(Statement statement, org.jooq.Select<?> count) throws SQLException {
        try (ResultSet result = statement.executeQuery(SqlRenderer.render(count))) {
            result.next();
            return result.getLong(1);
        }
    }
}
