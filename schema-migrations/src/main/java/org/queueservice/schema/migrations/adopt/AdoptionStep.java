package org.queueservice.schema.migrations.adopt;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Query;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.internal.LockNote;
import org.queueservice.schema.migrations.internal.StepRunner;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.SqlRenderer;

/**
 * One unit of the conversion: what a dry run prints (the lock it takes, its statements) and what a run
 * executes, under the lock timeout. A unit is idempotent as a whole, so a unit that timed out or was
 * interrupted is run again from its start.
 */
sealed interface AdoptionStep {

    String description();

    String script();

    void run(Connection connection, Duration lockTimeout) throws SQLException;

    /** Schema steps, each committed on its own (or in autocommit for CONCURRENTLY). */
    record Ddl(String lock, List<SchemaStep> steps) implements AdoptionStep {

        static Ddl of(LockNote lock, String table, SchemaStep... steps) {
            return new Ddl(lock.on(table), List.of(steps));
        }

        @Override
        public String description() {
            return steps.stream().map(SchemaStep::description).collect(Collectors.joining(", "));
        }

        @Override
        public String script() {
            return "-- " + lock + "\n" + steps.stream().map(SchemaStep::script).collect(Collectors.joining());
        }

        @Override
        public void run(Connection connection, Duration lockTimeout) throws SQLException {
            StepRunner.runEachCommitted(connection, steps, lockTimeout);
        }
    }

    /**
     * NULLs of nullable columns with a default become that default (the one documented normalisation), in
     * batches of {@link #PAGES} pages by physical position, each batch committed on its own, so that no
     * transaction holds many row locks and no DDL lock is held meanwhile. Rows a batch missed because an
     * update moved them behind it are caught by the next pass.
     *
     * @param nulls per column, the NULLs the preflight counted
     */
    record Backfill(Name table, List<Field<?>> columns, Map<String, Long> nulls) implements AdoptionStep {

        static final int PAGES = 1000;
        /** Passes over the table before giving up: NULLs that keep coming are written by someone, not left over. */
        static final int PASSES = 5;

        @Override
        public String description() {
            return "NULL " + columns.stream().map(Field::getName).collect(Collectors.joining(", ")) + " of " + table.last()
                    + " to their defaults";
        }

        @Override
        public String script() {
            return "-- " + LockNote.BATCHED_UPDATE.on(table.last()) + "\n-- " + description() + ": "
                    + nulls.entrySet().stream().map(e -> e.getValue() + " NULL in " + e.getKey()).collect(Collectors.joining(", "))
                    + "\n" + SqlRenderer.render(batch(0)) + ";\n-- ... and so on, " + PAGES + " pages at a time, until no NULL is left\n";
        }

        @Override
        public void run(Connection connection, Duration lockTimeout) throws SQLException {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(true);
            StepRunner.limitSessionLockWait(connection, lockTimeout);
            try (Statement statement = connection.createStatement()) {
                for (int pass = 1; anyNull(statement); pass++) {
                    if (pass > PASSES) {
                        throw new IllegalStateException(table.last() + " still has NULLs after " + PASSES + " passes: something keeps "
                                + "writing NULL explicitly into " + columns.stream().map(Field::getName).collect(Collectors.joining(", ")));
                    }
                    long pages = pages(statement);
                    for (long first = 0; first <= pages; first += PAGES) {
                        statement.executeUpdate(SqlRenderer.render(batch(first)));
                    }
                }
                statement.execute("reset lock_timeout");
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }

        private Query batch(long firstPage) {
            Map<Field<?>, Field<?>> values = new LinkedHashMap<>();
            List<org.jooq.Condition> isNull = new ArrayList<>();
            for (Field<?> column : columns) {
                Field<Object> live = DSL.field(column.getUnqualifiedName());
                values.put(live, DSL.coalesce(live, column.getDataType().defaultValue()));
                isNull.add(live.isNull());
            }
            return DSL.update(DSL.table(table)).set(values)
                    .where(DSL.condition("ctid >= {0}::tid and ctid < {1}::tid",
                            DSL.inline("(" + firstPage + ",0)"), DSL.inline("(" + (firstPage + PAGES) + ",0)")))
                    .and(DSL.or(isNull));
        }

        private boolean anyNull(Statement statement) throws SQLException {
            List<org.jooq.Condition> isNull = columns.stream().map(c -> DSL.field(c.getUnqualifiedName()).isNull()).toList();
            try (var result = statement.executeQuery(SqlRenderer.render(DSL.select(DSL.field(DSL.exists(
                    DSL.selectOne().from(DSL.table(table)).where(DSL.or(isNull)))))))) {
                result.next();
                return result.getBoolean(1);
            }
        }

        private long pages(Statement statement) throws SQLException {
            try (var result = statement.executeQuery(SqlRenderer.render(DSL.select(
                    DSL.field("pg_relation_size({0}::regclass) / current_setting('block_size')::bigint", Long.class,
                            DSL.inline(table.last())))))) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
