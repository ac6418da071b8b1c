package org.queueservice.schema.migrations.audit.checks;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.catalog.SchemaCatalog;
import org.queueservice.schema.model.DatabaseRoles;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.TenantIsolation;
import org.queueservice.schema.model.TenantTable;

/**
 * The audited schema, read once: {@link SchemaCatalog}'s structure (tables, columns, constraints,
 * indexes, row-level security flags; no rows are read), plus what only the audit asks: policies clause
 * by clause, whether triggers are enabled, which column leads each index, and the service role's powers.
 */
public record AuditCatalog(SchemaCatalog schema, List<Policy> policies, List<Trigger> triggers, List<Index> indexes,
                           ServiceRole serviceRole) {

    /**
     * @param command {@code pg_policy.polcmd}: {@code *} for ALL
     * @param roles the roles it applies to, {@code public} for everyone
     * @param using the USING expression, empty when there is none
     * @param withCheck the WITH CHECK expression, empty when there is none
     */
    public record Policy(String table, String name, String command, List<String> roles, String using, String withCheck) {
    }

    public record Trigger(String table, String name, boolean enabled) {
    }

    /** @param leadingColumn the first key column, null when the first key is an expression */
    public record Index(String table, String name, String definition, boolean unique, boolean primary, String leadingColumn) {
    }

    /**
     * The application role's powers (all false when it does not exist).
     *
     * @param ownsTables the model's tables it owns or is a member of the owner of
     */
    public record ServiceRole(String name, boolean exists, boolean superuser, boolean bypassRls, boolean actsAsMaintenance,
                              Set<String> ownsTables) {
    }

    static AuditCatalog read(Connection connection, DSLContext db, DatabaseRoles roles) {
        SchemaCatalog schema = SchemaCatalog.readStructure(connection);
        List<Policy> policies = db.fetch("""
                select c.relname, p.polname, p.polcmd::text,
                       array(select case when r = 0 then 'public' else r::regrole::text end
                             from unnest(p.polroles) with ordinality u(r, n) order by n),
                       coalesce(pg_get_expr(p.polqual, p.polrelid), ''), coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
                from pg_policy p join pg_class c on c.oid = p.polrelid
                where c.relnamespace = current_schema()::regnamespace order by 1, 2""")
                .map(r -> new Policy(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                        List.of(r.get(3, String[].class)), r.get(4, String.class), r.get(5, String.class)));
        List<Trigger> triggers = db.fetch("""
                select c.relname, t.tgname, t.tgenabled <> 'D'
                from pg_trigger t join pg_class c on c.oid = t.tgrelid
                where not t.tgisinternal and c.relnamespace = current_schema()::regnamespace order by 1, 2""")
                .map(r -> new Trigger(r.get(0, String.class), r.get(1, String.class), r.get(2, Boolean.class)));
        List<Index> indexes = db.fetch("""
                select c.relname, ic.relname, pg_get_indexdef(i.indexrelid), i.indisunique, i.indisprimary,
                       (select a.attname from pg_attribute a where a.attrelid = c.oid and a.attnum = i.indkey[0])
                from pg_index i join pg_class c on c.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
                where c.relnamespace = current_schema()::regnamespace order by 1, 2""")
                .map(r -> new Index(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, Boolean.class), r.get(4, Boolean.class), r.get(5, String.class)));
        return new AuditCatalog(schema, policies, triggers, indexes, serviceRole(db, roles, present(schema)));
    }

    private static ServiceRole serviceRole(DSLContext db, DatabaseRoles roles, Set<String> present) {
        String app = roles.application();
        var role = db.fetchOptional("select rolsuper, rolbypassrls, pg_has_role(rolname, ?, 'MEMBER') from pg_roles "
                + "where rolname = ?", roles.maintenance(), app);
        if (role.isEmpty()) {
            return new ServiceRole(app, false, false, false, false, Set.of());
        }
        Set<String> owned = new TreeSet<>(db.fetch("select c.relname from pg_class c where c.relname = any(?::text[]) "
                        + "and c.relnamespace = current_schema()::regnamespace and pg_has_role(?, c.relowner, 'MEMBER')",
                present.toArray(String[]::new), app).getValues(0, String.class));
        return new ServiceRole(app, true, role.get().get(0, Boolean.class), role.get().get(1, Boolean.class),
                role.get().get(2, Boolean.class), owned);
    }

    private static Set<String> present(SchemaCatalog schema) {
        Set<String> present = new TreeSet<>();
        QueueSchema.TABLES.stream().map(TenantTable::tableName).filter(schema.tables()::containsKey).forEach(present::add);
        return present;
    }

    /** The model's tables that exist, by name. */
    public Set<String> presentTables() {
        return present(schema);
    }

    /** One line per model table that does not exist. */
    public List<String> missingTables() {
        return QueueSchema.TABLES.stream().map(TenantTable::tableName).filter(t -> !schema.tables().containsKey(t))
                .map(t -> "table " + t + " does not exist").toList();
    }

    /** A present table of the schema. */
    public SchemaCatalog.Table table(String name) {
        SchemaCatalog.Table table = schema.tables().get(name);
        if (table == null) {
            throw new IllegalArgumentException("no table " + name + " in the audited schema");
        }
        return table;
    }

    /** The table's tenant policy, by the name the model gives it. */
    public Optional<Policy> tenantPolicy(String table) {
        String name = TenantIsolation.tenantPolicy(DSL.name(table)).last();
        return policies.stream().filter(p -> p.table().equals(table) && p.name().equals(name)).findFirst();
    }

    public Optional<Trigger> trigger(String table, String name) {
        return triggers.stream().filter(t -> t.table().equals(table) && t.name().equals(name)).findFirst();
    }

    public List<Index> indexesOf(String table) {
        return indexes.stream().filter(i -> i.table().equals(table)).toList();
    }
}
