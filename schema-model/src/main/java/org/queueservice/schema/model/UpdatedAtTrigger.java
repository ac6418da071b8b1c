package org.queueservice.schema.model;

import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.query;

import org.jooq.Name;
import org.jooq.Query;

/** Keeps {@code updated_at} true: one trigger function, one BEFORE UPDATE trigger per table. */
public final class UpdatedAtTrigger {

    public static final Name FUNCTION = name("set_updated_at");

    // search_path is pinned so that a caller's schema cannot shadow now().
    private static final String BODY = "begin new.updated_at := now(); return new; end";

    private UpdatedAtTrigger() {
    }

    public static Name triggerName(Name table) {
        return name(table.last() + "_set_updated_at");
    }

    public static Query createFunction() {
        return query("create or replace function {0}() returns trigger language plpgsql "
                + "set search_path = pg_catalog as {1}", FUNCTION, inline(BODY));
    }

    public static Query dropFunction() {
        return query("drop function if exists {0}()", FUNCTION);
    }

    public static Query createTrigger(Name table) {
        return query("create or replace trigger {0} before update on {1} for each row execute function {2}()",
                triggerName(table), table, FUNCTION);
    }
}
