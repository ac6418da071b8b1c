package org.queueservice.schema.migrations.audit.checks;

/** The report's sections, in the order of the original audit, then the sections added since. */
public enum Section {
    STRUCTURE("Migration Structure"),
    DESIGN("Table Design"),
    SECURITY("Row-Level Security"),
    SEEDING("Data Seeding"),
    SAFETY("Migration Safety"),
    TENANCY("Tenancy"),
    CITUS("Citus");

    private final String title;

    Section(String title) {
        this.title = title;
    }

    /** The heading in the report. */
    public String title() {
        return title;
    }
}
