package org.queueservice.schema.migrations.audit.checks;

/** The report's sections, in the order of the original audit. */
public enum Section {
    STRUCTURE("Migration Structure"),
    DESIGN("Table Design"),
    SECURITY("Row-Level Security"),
    SEEDING("Data Seeding"),
    SAFETY("Migration Safety"),
    TENANCY("Tenancy");

    private final String title;

    Section(String title) {
        this.title = title;
    }

    /** The heading in the report. */
    public String title() {
        return title;
    }
}
