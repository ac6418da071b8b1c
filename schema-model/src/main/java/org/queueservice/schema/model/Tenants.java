package org.queueservice.schema.model;

import static org.jooq.impl.DSL.constraint;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.TIMESTAMPWITHTIMEZONE;
import static org.jooq.impl.SQLDataType.UUID;
import static org.jooq.impl.SQLDataType.VARCHAR;

import java.time.OffsetDateTime;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * {@code tenants} belongs to the tenants service. Our foreign keys need it, so when it does not exist
 * yet we create a minimal one and mark it with {@link #CREATED_BY_US}; rollback drops it only while
 * that mark is present, so a tenants table created by its real owner is never dropped.
 */
public final class Tenants {

    public static final Name NAME = name("tenants");
    public static final Table<Record> TABLE = DSL.table(NAME);
    public static final Field<java.util.UUID> ID = DSL.field(name("id"), UUID.notNull());
    public static final Field<String> TENANT_NAME = DSL.field(name("name"), VARCHAR(255).notNull());
    static final Field<OffsetDateTime> CREATED_AT =
            DSL.field(name("created_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()));
    static final Field<OffsetDateTime> UPDATED_AT =
            DSL.field(name("updated_at"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(DSL.currentOffsetDateTime()));

    /** Table comment that marks a tenants table as ours to drop. */
    public static final String CREATED_BY_US =
            "Minimal tenants table created by queue-schema because none existed; owned by the tenants service. "
                    + "queue-schema rollback drops it only while this comment is unchanged.";

    private Tenants() {
    }

    /** True when no relation named tenants is visible on the search path. */
    public static Condition absent() {
        return DSL.function("to_regclass", SQLDataType.OTHER, inline(NAME.last())).isNull();
    }

    /** True when tenants exists and carries our mark. */
    public static Condition createdByUs() {
        return DSL.function("obj_description",
                        SQLDataType.VARCHAR,
                        DSL.function("to_regclass", SQLDataType.OTHER, inline(NAME.last())),
                        inline("pg_class"))
                .eq(inline(CREATED_BY_US));
    }

    public static SchemaStep createIfAbsent() {
        return SchemaStep.onlyIf(absent(), "create table tenants (none exists)",
                DSL.createTable(TABLE).columns(ID, TENANT_NAME, CREATED_AT, UPDATED_AT)
                        .constraints(constraint(name("tenants_pkey")).primaryKey(ID)),
                DSL.commentOnTable(TABLE).is(CREATED_BY_US));
    }

    public static SchemaStep dropIfCreatedByUs() {
        return SchemaStep.onlyIf(createdByUs(), "drop table tenants (created by queue-schema)",
                DSL.dropTable(TABLE).restrict());
    }
}
