package org.queueservice.schema.migrations;

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
final class StepRunner {

    private StepRunner() {
    }

    /**
     * Bounds every lock wait of the current transaction: a migration that needs a table the queue is
     * busy with fails fast, instead of queueing behind it while blocking every query that comes after.
     */
    static void limitLockWait(Connection connection, Duration lockTimeout) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select set_config('lock_timeout', ?, true)")) {
            statement.setString(1, lockTimeout.toMillis() + "ms");
            statement.execute();
        }
    }

    static void run(Connection connection, List<SchemaStep> steps) {
        for (SchemaStep step : steps) {
            try {
                if (step.onlyIf().isPresent() && !holds(connection, step.onlyIf().get())) {
                    continue;
                }
                try (Statement statement = connection.createStatement()) {
                    for (String sql : step.sql()) {
                        statement.execute(sql);
                    }
                }
            } catch (SQLException e) {
                throw new StepFailedException(step.description(), e);
            }
        }
    }

    /** Whether {@code condition} is true in the database now. */
    static boolean holds(Connection connection, Condition condition) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(SqlRenderer.render(DSL.select(DSL.field(condition))))) {
            result.next();
            return result.getBoolean(1);
        }
    }

    /** A step that failed, naming the object it was working on. */
    static final class StepFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StepFailedException(String step, SQLException cause) {
            super(step + ": " + DatabaseError.describe(cause), cause);
        }
    }
}
