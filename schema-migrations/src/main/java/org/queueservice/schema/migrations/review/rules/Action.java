package org.queueservice.schema.migrations.review.rules;

import java.util.List;

import org.queueservice.schema.migrations.internal.TableLock;

/**
 * One thing a statement does to one table: its kind, the object it names (column, index, constraint,
 * policy), the lock it takes and what it does to the rows, read from the statement's text in
 * {@link SqlText#normalize normal form}. An ALTER TABLE with several actions gives one each.
 *
 * @param table the table it locks, or null when it locks none (a role, a setting) or names only an index
 * @param clause the normalized text of this action, which rules read for details
 * @param lock the lock it takes on {@code table}, or null for none worth reporting
 */
public record Action(ActionKind kind, String table, String object, String clause, TableLock lock, Cost cost) {

    /** A possibly schema-qualified name in normal form: bare where quoting changes nothing, else {@code "Quoted"}. */
    static final String NAME = "((?:\"(?:[^\"]|\"\")*\"|[\\w$]+)(?:\\.(?:\"(?:[^\"]|\"\")*\"|[\\w$]+))*)";

    /** Every action of {@code statement}, one statement as PostgreSQL's lexer splits it. */
    public static List<Action> of(SqlStatements.Statement statement) {
        return StatementActions.of(statement);
    }

    /** The object a normal-form name resolves to: its last part, unquoted. */
    static String name(String name) {
        return SqlText.unqualified(name.trim());
    }

    /** Whether this action names an index rather than a table, so that its table is the index's. */
    public boolean onIndex() {
        return table == null && object != null && (kind == ActionKind.DROP_INDEX || kind == ActionKind.REINDEX || kind == ActionKind.ALTER_INDEX);
    }

    /** What it locks when it names no table: an index, the tables that use a domain, or every table. */
    public String target() {
        if (table != null) {
            return table;
        }
        if (onIndex()) {
            return "index " + object;
        }
        return kind == ActionKind.ALTER_DOMAIN ? "every table using domain " + object : "every table";
    }

    /** Whether this action holds a lock that makes the service wait, for longer than an instant when it reads rows. */
    public boolean blocksWrites() {
        return lock != null && lock.blocksWrites();
    }
}
