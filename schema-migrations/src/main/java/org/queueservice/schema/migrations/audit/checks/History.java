package org.queueservice.schema.migrations.audit.checks;

import java.util.List;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.Migrations;

/**
 * Flyway's history table as the audited database holds it, in installed order.
 *
 * @param exists whether the table exists at all
 */
public record History(boolean exists, List<Entry> entries) {

    /** No history table: the database was not migrated by queue-schema. */
    public static final History ABSENT = new History(false, List.of());

    /**
     * @param version null for a row that is not a versioned migration
     * @param type {@code JDBC}, {@code SQL}, {@code BASELINE}, ...
     */
    public record Entry(int installedRank, String version, String description, String type, boolean success) {
    }

    public History {
        entries = List.copyOf(entries);
    }

    static History read(DSLContext db) {
        if (db.fetch("select 1 where to_regclass(?) is not null", Migrations.HISTORY_TABLE).isEmpty()) {
            return ABSENT;
        }
        return new History(true, db.fetch("select installed_rank, version, description, type, success from {0} "
                        + "order by installed_rank", DSL.name(Migrations.HISTORY_TABLE))
                .map(r -> new Entry(r.get(0, Integer.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, String.class), r.get(4, Boolean.class))));
    }

    /** The versioned migrations applied, baseline excluded, in the order they were applied. */
    public List<Entry> applied() {
        return entries.stream().filter(e -> e.version() != null && !e.type().equals("BASELINE")).toList();
    }
}
