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
    CREATE_TRIGGER, ENABLE_TRIGGER, DISABLE_TRIGGER, COMMENT,
    SET_LOGGED, DETACH_PARTITION,
    INSERT, UPDATE, DELETE,
    /** SET or RESET of lock_timeout, or set_config('lock_timeout', ...). */
    LOCK_TIMEOUT,
    /** SET or RESET of any other setting; object: the setting. */
    SETTING,
    /** BEGIN, COMMIT, ROLLBACK, SAVEPOINT and the like; object: the command. */
    TRANSACTION_CONTROL,
    /** TRUNCATE, LOCK TABLE, VACUUM, CLUSTER, REINDEX: no change of definition, but a lock the report must show. */
    TRUNCATE, LOCK_TABLE, VACUUM, VACUUM_FULL, CLUSTER, REINDEX,
    ALTER_INDEX, CREATE_DOMAIN, ALTER_DOMAIN, CREATE_FUNCTION,
    DROP_DATABASE, DROP_SCHEMA,
    /** DROP of anything not listed above (a function, a view, a type, a trigger); object: its name. */
    DROP_OBJECT,
    OTHER_ALTER,
    /** A statement the review knows and that locks no table worth reporting (a function body, a sequence, a query). */
    OTHER,
    /** A statement the review does not recognise, or code it does not read (DO, CALL): its locks and effects are unknown. */
    UNRECOGNISED;

    /** Changes the table's definition (and so holds its lock until the transaction ends). */
    public boolean changesStructure() {
        return switch (this) {
            case INSERT, UPDATE, DELETE, LOCK_TIMEOUT, SETTING, TRANSACTION_CONTROL, OTHER, UNRECOGNISED, GRANT, REVOKE, ROLE, COMMENT,
                 CREATE_TABLE, TRUNCATE, LOCK_TABLE, VACUUM, VACUUM_FULL, CLUSTER, REINDEX, CREATE_FUNCTION, CREATE_DOMAIN -> false;
            default -> true;
        };
    }
}
