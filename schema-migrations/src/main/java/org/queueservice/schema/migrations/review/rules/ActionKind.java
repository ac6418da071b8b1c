package org.queueservice.schema.migrations.review.rules;

/** What one statement, or one action of an ALTER TABLE, does. */
public enum ActionKind {
    CREATE_TABLE, DROP_TABLE, RENAME_TABLE,
    CREATE_INDEX, DROP_INDEX,
    ADD_COLUMN, DROP_COLUMN, RENAME_COLUMN, ALTER_TYPE, SET_NOT_NULL, DROP_NOT_NULL, SET_DEFAULT,
    ADD_CHECK, ADD_FOREIGN_KEY, ADD_UNIQUE, ADD_CONSTRAINT_USING_INDEX, VALIDATE_CONSTRAINT, DROP_CONSTRAINT,
    ENABLE_RLS, DISABLE_RLS, FORCE_RLS, NO_FORCE_RLS, OWNER,
    CREATE_POLICY, ALTER_POLICY, DROP_POLICY, GRANT, REVOKE,
    /** GRANT of a role's membership, or ALTER ROLE: no table, but what a role may do. */
    ROLE,
    CREATE_TRIGGER, COMMENT,
    INSERT, UPDATE, DELETE,
    LOCK_TIMEOUT,
    /** TRUNCATE, LOCK TABLE, VACUUM FULL, CLUSTER, REINDEX: no change of definition, but a lock the report must show. */
    TRUNCATE, LOCK_TABLE, MAINTENANCE,
    OTHER_ALTER, OTHER;

    /** Changes the table's definition (and so holds its lock until the transaction ends). */
    public boolean changesStructure() {
        return switch (this) {
            case INSERT, UPDATE, DELETE, LOCK_TIMEOUT, OTHER, GRANT, REVOKE, ROLE, COMMENT, CREATE_TABLE, TRUNCATE, LOCK_TABLE, MAINTENANCE -> false;
            default -> true;
        };
    }
}
