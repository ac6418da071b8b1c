package org.queueservice.schema.migrations.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.jooq.Condition;
import org.jooq.impl.DSL;
import org.queueservice.schema.model.SchemaStep;
import org.queueservice.schema.model.SqlRenderer;

/** Executes schema steps on the caller's connection and transaction, exactly as rendered. */
public final class StepRunner {

    private StepRunner() {
    }

    /**
     * Bounds every lock wait of the current transaction: a migration that needs a table the queue is
     * busy with fails fast, instead of queueing behind it while blocking every query that comes after.
     */
    public static void limitLockWait(Connection connection, Duration lockTimeout) throws SQLException {
        setLockTimeout(connection, lockTimeout, true);
    }

    /** Bounds every lock wait of the session until reset, for work in autocommit (catalog reads, batches). */
    public static void limitSessionLockWait(Connection connection, Duration lockTimeout) throws SQLException {
        setLockTimeout(connection, lockTimeout, false);
    }

    private static void setLockTimeout(Connection connection, Duration lockTimeout, boolean transactionLocal) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select set_config('lock_timeout', ?, ?)")) {
            statement.setString(1, lockTimeout.toMillis() + "ms");
            statement.setBoolean(2, transactionLocal);
            statement.execute();
        }
    }

    /**
     * Runs the steps in the caller's transaction. A step meant for autocommit ({@code CONCURRENTLY}) runs
     * in its plain form here: the audit re-applies every version inside a transaction it rolls back, and
     * the plain form has the same effect on a database where the object already exists.
     */
    public static void run(Connection connection, List<SchemaStep> steps) {
        for (int i = 0; i < steps.size(); i++) {
            SchemaStep step = steps.get(i);
            try {
                runStep(connection, step, step.autocommit() && !connection.getAutoCommit());
            } catch (SQLException e) {
                throw new StepFailedException(step.description(), i + 1, steps.size(), e);
            }
        }
    }

    /**
     * Runs each step in a transaction of its own, or in autocommit where it must, each under the lock
     * timeout, so that no lock taken by one step is held while the next scans a table. Every step of such a
     * version is idempotent: a run stopped half-way leaves committed steps that the next run skips over. A
     * failure says which step stopped it ({@link StepFailedException#number()}): the ones before it are committed.
     */
    public static void runEachCommitted(Connection connection, List<SchemaStep> steps, Duration lockTimeout) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        SchemaStep current = null;
        int number = 0;
        try {
            for (SchemaStep step : steps) {
                current = step;
                number++;
                if (step.autocommit()) {
                    connection.setAutoCommit(true);
                    setLockTimeout(connection, lockTimeout, false);
                    try {
                        runStep(connection, step, false);
                    } finally {
                        try (Statement reset = connection.createStatement()) {
                            reset.execute("reset lock_timeout");
                        }
                    }
                } else {
                    connection.setAutoCommit(false);
                    limitLockWait(connection, lockTimeout);
                    runStep(connection, step, false);
                    connection.commit();
                }
            }
        } catch (SQLException e) {
            StepFailedException failed = new StepFailedException(current == null ? "lock timeout" : current.description(),
                    number, steps.size(), e);
            // A failure that stops a step often ends the connection too (pg_terminate_backend, a restart): what
            // cleaning up then throws must not hide which step failed and why.
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
                connection.setAutoCommit(autoCommit);
            } catch (SQLException cleanup) {
                failed.addSuppressed(cleanup);
            }
            throw failed;
        }
        connection.setAutoCommit(autoCommit);
    }

    private static void runStep(Connection connection, SchemaStep step, boolean plainForm) throws SQLException {
        if (step.onlyIf().isPresent() && !holds(connection, step.onlyIf().get())) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (String sql : step.sql()) {
                statement.execute(plainForm ? sql.replaceFirst(" concurrently ", " ") : sql);
            }
        }
    }

    /** Whether {@code condition} is true in the database now. */
    public static boolean holds(Connection connection, Condition condition) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(SqlRenderer.render(DSL.select(DSL.field(condition))))) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /** A step that failed, naming the object it was working on, and which of the steps it was. */
    public static final class StepFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final int number;
        private final int of;

        public StepFailedException(String step, int number, int of, SQLException cause) {
            super(step + ": " + DatabaseError.describe(cause), cause);
            this.number = number;
            this.of = of;
        }

        /** The failed step's place among the steps run, from 1; 0 when none had started. */
        public int number() {
            return number;
        }

        /** How many steps there were to run. */
        public int of() {
            return of;
        }
    }
}
