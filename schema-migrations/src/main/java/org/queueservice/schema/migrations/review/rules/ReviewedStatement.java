package org.queueservice.schema.migrations.review.rules;

import java.util.ArrayList;
import java.util.List;

import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.model.SchemaStep;

/**
 * One statement of a version, as it will run: its SQL rendered with the deployment's settings, the step it
 * belongs to, and the transaction it runs in.
 *
 * @param migration the version it belongs to
 * @param step the description of its step
 * @param number its position in the version, from 1
 * @param inTransaction whether it runs inside a transaction block (a transactional version, or a step of an
 *                      online version that is not run in autocommit)
 * @param transaction identifies the transaction it runs in: statements with equal values commit together
 * @param actions what it does, one per table action
 */
public record ReviewedStatement(SchemaMigration migration, String step, int number, String sql, boolean inTransaction,
                                String transaction, List<Action> actions) {

    public ReviewedStatement {
        actions = List.copyOf(actions);
    }

    /**
     * The version's statements as they will run with {@code settings}, each with the transaction it runs in. One
     * call ({@code query(...)}) may send several statements: PostgreSQL runs them in one implicit transaction even in
     * autocommit, so they share it, and refuses CONCURRENTLY in any of them but the first (SQLSTATE 25001).
     */
    public static List<ReviewedStatement> of(SchemaMigration migration, MigrationSettings settings) {
        List<ReviewedStatement> statements = new ArrayList<>();
        boolean transactional = migration.canExecuteInTransaction();
        int number = 0;
        int stepNumber = 0;
        for (SchemaStep step : migration.up(settings)) {
            stepNumber++;
            for (String call : step.sql()) {
                List<SqlStatements.Statement> sent = SqlStatements.split(call);
                String transaction = "V" + migration.versionNumber() + (transactional ? "" : step.autocommit()
                        ? " statement " + (number + 1) : " step " + stepNumber);
                for (int i = 0; i < sent.size(); i++) {
                    number++;
                    statements.add(new ReviewedStatement(migration, step.description(), number, sent.get(i).text(),
                            transactional || !step.autocommit() || i > 0, transaction, Action.of(sent.get(i))));
                }
            }
        }
        return statements;
    }
}
