package org.queueservice.schema.migrations.audit.checks;

import java.sql.Connection;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.audit.RollbackRehearsal;
import org.queueservice.schema.model.SchemaStep;

/**
 * What the checks decide from: the migration list and settings, and, when auditing a database, its
 * history and catalog (read once, before any check runs), the outcome of the rollback rehearsal, and
 * the connection for the checks that must run something (EXPLAIN, reading seed rows), taking no lock
 * stronger than ACCESS SHARE. A context made by {@link #ofMigrations} has no
 * database: the checks that need only the migrations run on it, without a server.
 */
public final class AuditContext {

    private final MigrationSettings settings;
    private final List<SchemaMigration> migrations;
    private final History history;
    private final AuditCatalog catalog;
    private final RollbackRehearsal.Outcome rehearsal;
    private final Connection connection;

    private AuditContext(MigrationSettings settings, List<SchemaMigration> migrations, History history,
                         AuditCatalog catalog, RollbackRehearsal.Outcome rehearsal, Connection connection) {
        this.settings = settings;
        this.migrations = List.copyOf(migrations);
        this.history = history;
        this.catalog = catalog;
        this.rehearsal = rehearsal;
        this.connection = connection;
    }

    /** Reads the audited database's history and catalog once; the checks then share them. */
    public static AuditContext read(Connection connection, MigrationSettings settings, List<SchemaMigration> migrations,
                                    RollbackRehearsal.Outcome rehearsal) {
        DSLContext db = DSL.using(connection, SQLDialect.POSTGRES);
        return new AuditContext(settings, migrations, History.read(db), AuditCatalog.read(connection, db, settings.roles()),
                rehearsal, connection);
    }

    /** No database: only the migration list and settings. */
    public static AuditContext ofMigrations(MigrationSettings settings, List<SchemaMigration> migrations) {
        return new AuditContext(settings, migrations, null, null, null, null);
    }

    /** The same, with a history given as data (what a database would hold). */
    public AuditContext withHistory(History newHistory) {
        return new AuditContext(settings, migrations, newHistory, catalog, rehearsal, connection);
    }

    public MigrationSettings settings() {
        return settings;
    }

    public List<SchemaMigration> migrations() {
        return migrations;
    }

    public History history() {
        return required(history, "the history table");
    }

    public AuditCatalog catalog() {
        return required(catalog, "the catalog");
    }

    public RollbackRehearsal.Outcome rehearsal() {
        return required(rehearsal, "the rollback rehearsal");
    }

    /** The audited database, for what must be run rather than read; leave it as found. */
    public Connection connection() {
        return required(connection, "a connection");
    }

    /** The migrations' class names, e.g. {@code V1__Create_queue_tables}. */
    public static String className(SchemaMigration migration) {
        return migration.getClass().getSimpleName();
    }

    /** Every statement of {@code steps}, as executed, separated by {@code ;\n}. */
    public static String sqlOf(List<SchemaStep> steps) {
        return steps.stream().flatMap(step -> step.sql().stream()).collect(Collectors.joining(";\n"));
    }

    /** The SQL of every migration's up (or down) steps, one migration per line. */
    public String allSql(Function<SchemaMigration, List<SchemaStep>> steps) {
        return migrations.stream().map(m -> sqlOf(steps.apply(m))).collect(Collectors.joining("\n"));
    }

    private static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalStateException("this check needs " + what + " of an audited database; the context has only migrations");
        }
        return value;
    }
}
