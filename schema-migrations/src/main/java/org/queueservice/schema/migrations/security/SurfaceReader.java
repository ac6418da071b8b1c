package org.queueservice.schema.migrations.security;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jooq.Name;
import org.jooq.impl.DSL;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.internal.QueryRows;
import org.queueservice.schema.migrations.security.SecuritySurface.DefaultPrivilege;
import org.queueservice.schema.migrations.security.SecuritySurface.DefinerFunction;
import org.queueservice.schema.migrations.security.SecuritySurface.ForeignKey;
import org.queueservice.schema.migrations.security.SecuritySurface.Grant;
import org.queueservice.schema.migrations.security.SecuritySurface.Index;
import org.queueservice.schema.migrations.security.SecuritySurface.Membership;
import org.queueservice.schema.migrations.security.SecuritySurface.Policy;
import org.queueservice.schema.migrations.security.SecuritySurface.RewriteRule;
import org.queueservice.schema.migrations.security.SecuritySurface.Role;
import org.queueservice.schema.migrations.security.SecuritySurface.Table;
import org.queueservice.schema.migrations.security.SecuritySurface.Trigger;
import org.queueservice.schema.migrations.security.SecuritySurface.View;
import org.queueservice.schema.model.DatabaseRoles;
import org.queueservice.schema.model.SqlRenderer;
import org.queueservice.schema.model.TableDefinition;
import org.queueservice.schema.model.Tenants;

/**
 * The catalog queries a {@link SecuritySurface} is read with: the tenant tables are those of the current schema with
 * a {@code tenant_id} column, and every other part is found from them. Only reads catalogs every role can read.
 */
final class SurfaceReader {

    private static final String TENANT_TABLES = """
            tenant_tables as (
                select c.oid, c.relname::text as relname, c.relowner, c.relacl
                from pg_class c
                where c.relnamespace = current_schema()::regnamespace and c.relkind in ('r', 'p')
                  and exists (select from pg_attribute a where a.attrelid = c.oid and a.attname = ? and not a.attisdropped))
            """;

    private static final String GRANTEE = "case when a.grantee = 0 then 'PUBLIC' else pg_get_userbyid(a.grantee)::text end";

    /** The relations that read a tenant table through their query, directly or through another such relation. */
    private static final String READERS = TENANT_TABLES + """
            , readers(oid, base) as (
                select r.ev_class, t.relname
                from tenant_tables t
                join pg_depend d on d.refclassid = 'pg_class'::regclass and d.refobjid = t.oid and d.classid = 'pg_rewrite'::regclass
                join pg_rewrite r on r.oid = d.objid
                join pg_class v on v.oid = r.ev_class and v.relkind in ('v', 'm')
                union
                select r.ev_class, rd.base
                from readers rd
                join pg_depend d on d.refclassid = 'pg_class'::regclass and d.refobjid = rd.oid and d.classid = 'pg_rewrite'::regclass
                join pg_rewrite r on r.oid = d.objid and r.ev_class <> rd.oid
                join pg_class v on v.oid = r.ev_class and v.relkind in ('v', 'm'))
            """;

    private static final Pattern ON = Pattern.compile("^(on|true|yes|1)$", Pattern.CASE_INSENSITIVE);

    private SurfaceReader() {
    }

    /**
     * Reads the surface of the database {@code connection} is on, in its current schema, for the roles of {@code settings}.
     * Any login may read it: everything comes from catalogs every role can read.
     */
    static SecuritySurface read(Connection connection, MigrationSettings settings) throws SQLException {
        DatabaseRoles roles = settings.roles();
        String tenantId = TableDefinition.TENANT_ID.getName();
        String service = roles.application();
        List<Table> tables = QueryRows.of(connection, "with " + TENANT_TABLES + """
                        select t.relname, c.relrowsecurity, c.relforcerowsecurity, pg_get_userbyid(t.relowner),
                               case when exists (select from pg_roles where rolname = ?) then pg_has_role(?, t.relowner, 'MEMBER')
                                    else false end
                        from tenant_tables t join pg_class c on c.oid = t.oid order by 1""", tenantId, service, service)
                .stream().map(r -> new Table(r.get(0), bool(r.get(1)), bool(r.get(2)), r.get(3), bool(r.get(4)))).toList();
        List<Policy> policies = QueryRows.of(connection, "with " + TENANT_TABLES + """
                        select t.relname, p.polname,  p.polpermissive,
                               case p.polcmd when 'r' then 'SELECT' when 'a' then 'INSERT' when 'w' then 'UPDATE'
                                             when 'd' then 'DELETE' else 'ALL' end,
                               array_to_string(array(select case when r = 0 then 'public' else pg_get_userbyid(r)::text end
                                                     from unnest(p.polroles) r order by 1), ','),
                               coalesce(pg_get_expr(p.polqual, p.polrelid), ''), coalesce(pg_get_expr(p.polwithcheck, p.polrelid), '')
                        from pg_policy p join tenant_tables t on t.oid = p.polrelid order by 1, 2""", tenantId)
                .stream().map(r -> new Policy(r.get(0), r.get(1), bool(r.get(2)), r.get(3), List.of(r.get(4).split(",")), r.get(5), r.get(6)))
                .toList();
        List<Grant> grants = new ArrayList<>();
        QueryRows.of(connection, "with " + TENANT_TABLES + """
                        select 'table', t.relname, t.relname, %1$s, a.privilege_type, a.is_grantable
                        from tenant_tables t, aclexplode(coalesce(t.relacl, acldefault('r', t.relowner))) a
                        where a.grantee <> t.relowner
                        union all
                        select 'column', t.relname || '.' || at.attname, t.relname, %1$s, a.privilege_type, a.is_grantable
                        from tenant_tables t join pg_attribute at on at.attrelid = t.oid and at.attacl is not null and not at.attisdropped,
                             aclexplode(at.attacl) a
                        where a.grantee <> t.relowner
                        union all
                        select 'sequence', s.relname, t.relname, %1$s, a.privilege_type, a.is_grantable
                        from tenant_tables t
                        join pg_depend d on d.refclassid = 'pg_class'::regclass and d.refobjid = t.oid and d.classid = 'pg_class'::regclass
                        join pg_class s on s.oid = d.objid and s.relkind = 'S',
                             aclexplode(coalesce(s.relacl, acldefault('s', s.relowner))) a
                        where a.grantee <> s.relowner
                        union all
                        select 'function', p.oid::regprocedure::text, null, %1$s, a.privilege_type, a.is_grantable
                        from pg_proc p, aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                        where p.pronamespace = current_schema()::regnamespace and a.grantee <> p.proowner
                        order by 1, 2, 4, 5""".formatted(GRANTEE), tenantId)
                .forEach(r -> grants.add(new Grant(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), bool(r.get(5)))));
        List<DefaultPrivilege> defaults = QueryRows.of(connection, """
                        select pg_get_userbyid(d.defaclrole), coalesce(n.nspname::text, ''),
                               case d.defaclobjtype when 'r' then 'table' when 'S' then 'sequence' when 'f' then 'function'
                                                    when 'T' then 'type' else 'schema' end,
                               %s, a.privilege_type, a.is_grantable
                        from pg_default_acl d left join pg_namespace n on n.oid = d.defaclnamespace, aclexplode(d.defaclacl) a
                        where a.grantee <> d.defaclrole order by 1, 2, 3, 4, 5""".formatted(GRANTEE))
                .stream().map(r -> new DefaultPrivilege(r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), bool(r.get(5)))).toList();
        List<View> views = QueryRows.of(connection, "with recursive " + READERS + """
                        select v.oid::regclass::text, v.relkind = 'm', pg_get_userbyid(v.relowner),
                               coalesce((select option_value from pg_options_to_table(v.reloptions) where option_name = 'security_invoker'), ''),
                               coalesce((select option_value from pg_options_to_table(v.reloptions) where option_name = 'security_barrier'), ''),
                               (select string_agg(distinct base, ',' order by base) from readers where oid = v.oid),
                               regexp_replace(pg_get_viewdef(v.oid), '\\s+', ' ', 'g'),
                               coalesce((select string_agg(g, ',' order by g) from (select distinct %s as g
                                         from aclexplode(coalesce(v.relacl, acldefault('r', v.relowner))) a
                                         where a.grantee <> v.relowner) grantees), '')
                        from pg_class v where v.oid in (select oid from readers) order by 1""".formatted(GRANTEE), tenantId)
                .stream().map(r -> new View(r.get(0), bool(r.get(1)), r.get(2), ON.matcher(r.get(3)).matches(),
                        ON.matcher(r.get(4)).matches(), List.of(r.get(5).split(",")), r.get(6).strip(), list(r.get(7)))).toList();
        List<String> tableNames = tables.stream().map(Table::name).toList();
        List<DefinerFunction> functions = QueryRows.of(connection, """
                        select p.oid::regprocedure::text, pg_get_userbyid(p.proowner), coalesce(p.prosrc, ''), md5(coalesce(p.prosrc, '')),
                               coalesce((select string_agg(g, ',' order by g) from (select distinct %s as g
                                         from aclexplode(coalesce(p.proacl, acldefault('f', p.proowner))) a
                                         where a.grantee <> p.proowner) executors), '')
                        from pg_proc p join pg_namespace n on n.oid = p.pronamespace
                        where p.prosecdef and n.nspname <> 'information_schema' and n.nspname !~ '^pg_' order by 1""".formatted(GRANTEE))
                .stream().map(r -> new DefinerFunction(r.get(0), r.get(1), named(r.get(2), tableNames), r.get(3), list(r.get(4)))).toList();
        List<RewriteRule> rules = QueryRows.of(connection, "with " + TENANT_TABLES + """
                        select distinct r.ev_class::regclass::text, r.rulename::text, pg_get_ruledef(r.oid)
                        from pg_rewrite r
                        where r.ev_class in (select oid from tenant_tables)
                           or (r.rulename <> '_RETURN' and exists (select from pg_depend d join tenant_tables t on t.oid = d.refobjid
                                   where d.classid = 'pg_rewrite'::regclass and d.objid = r.oid and d.refclassid = 'pg_class'::regclass))
                        order by 1, 2""", tenantId)
                .stream().map(r -> new RewriteRule(r.get(0), r.get(1), r.get(2))).toList();
        List<Trigger> triggers = QueryRows.of(connection, "with " + TENANT_TABLES + """
                        select t.relname, tg.tgname, tg.tgfoid::regproc::text, tg.tgenabled::text
                        from pg_trigger tg join tenant_tables t on t.oid = tg.tgrelid where not tg.tgisinternal
                        union all
                        select t.relname, ?, 'the foreign keys', coalesce(string_agg(distinct tg.tgenabled::text, '' order by tg.tgenabled::text)
                                                         filter (where tg.tgenabled <> 'O'), 'O')
                        from pg_trigger tg join tenant_tables t on t.oid = tg.tgrelid where tg.tgisinternal group by t.relname
                        order by 1, 2""", tenantId, Trigger.FOREIGN_KEY_TRIGGERS)
                .stream().map(r -> new Trigger(r.get(0), r.get(1), r.get(2), r.get(3))).toList();
        List<ForeignKey> keys = QueryRows.of(connection, "with " + TENANT_TABLES + """
                        select t.relname, k.conname, pg_get_constraintdef(k.oid), k.convalidated
                        from pg_constraint k join tenant_tables t on t.oid = k.conrelid
                        where k.contype = 'f' and k.confrelid = to_regclass(quote_ident(?))
                          and k.conkey = array[(select a.attnum from pg_attribute a where a.attrelid = t.oid and a.attname = ?)]
                        order by 1, 2""", tenantId, Tenants.TABLE.getName(), tenantId)
                .stream().map(r -> new ForeignKey(r.get(0), r.get(1), r.get(2), bool(r.get(3)))).toList();
        List<List<String>> indexRows = QueryRows.of(connection, "with " + TENANT_TABLES + """
                        select t.relname, ic.relname, pg_get_indexdef(i.indexrelid), i.indisunique,
                               (select a.attnum from pg_attribute a where a.attrelid = t.oid and a.attname = ?)
                                   = any((i.indkey::int2[])[0:i.indnkeyatts - 1]),
                               i.indisprimary and i.indnkeyatts = 1
                                   and i.indkey[0] = (select a.attnum from pg_attribute a where a.attrelid = t.oid and a.attname = ?),
                               pg_get_expr(i.indpred, i.indrelid), current_schema()
                        from pg_index i join tenant_tables t on t.oid = i.indrelid join pg_class ic on ic.oid = i.indexrelid
                        order by 1, 2""", tenantId, tenantId, TableDefinition.ID.getName());
        List<Index> indexes = new ArrayList<>();
        for (List<String> r : indexRows) {
            indexes.add(new Index(r.get(0), r.get(1), r.get(2), bool(r.get(3)), bool(r.get(4)), bool(r.get(5)),
                    comparable(connection, r.get(2), r.get(6), DSL.name(r.get(7), r.get(0)))));
        }
        String[] ours = {roles.application(), roles.maintenance()};
        List<Role> attributes = QueryRows.of(connection, """
                        select rolname, rolsuper, rolcreaterole, rolcreatedb, rolcanlogin, rolreplication, rolbypassrls
                        from pg_roles where rolname = any(?) order by 1""", (Object) ours)
                .stream().map(r -> new Role(r.get(0), bool(r.get(1)), bool(r.get(2)), bool(r.get(3)), bool(r.get(4)), bool(r.get(5)),
                        bool(r.get(6)))).toList();
        List<Membership> memberships = QueryRows.of(connection, """
                        select m.rolname, r.rolname, m.rolsuper or m.rolbypassrls
                        from pg_auth_members am join pg_roles m on m.oid = am.member join pg_roles r on r.oid = am.roleid
                        where m.rolname = any(?) or r.rolname = any(?) order by 2, 1""", ours, ours)
                .stream().map(r -> new Membership(r.get(0), r.get(1), bool(r.get(2)))).toList();
        return new SecuritySurface(roles, tables, policies, grants, defaults, views, functions, rules, triggers, keys, indexes,
                attributes, memberships);
    }

    /**
     * An index's definition with its predicate, if it has one, replaced by {@link #plannedPredicate}: the same index
     * compares equal however its predicate was deparsed.
     */
    private static String comparable(Connection connection, String definition, String predicate, Name relation) throws SQLException {
        if (predicate == null) {
            return definition;
        }
        String where = " WHERE " + predicate;
        if (!definition.endsWith(where)) {
            throw new IllegalStateException("the definition of an index of " + relation + " does not end with its predicate"
                    + where + ": " + definition);
        }
        return definition.substring(0, definition.length() - where.length()) + " WHERE " + plannedPredicate(connection, relation, predicate);
    }

    /**
     * The predicate of an index of {@code relation} as the planner reads it, its constant sub-expressions folded: the
     * filter of a scan of one row of the relation's type. A Citus coordinator stores a distributed table's predicate as
     * it deparsed and re-parsed it ({@code (status)::text = ANY (ARRAY[('completed'::varchar)::text, ...])} for
     * {@code ... = ANY ((ARRAY['completed'::varchar, ...])::text[])}); the planner folds both to
     * {@code '{completed,failed}'::text[]}, while predicates that differ stay different. The planner folds an index's
     * predicate the same way for every query on its table, so this runs no function that planning those queries does
     * not; no table is read.
     */
    private static String plannedPredicate(Connection connection, Name relation, String predicate) throws SQLException {
        // The predicate is an expression as the catalog deparses it, which no DSL can take apart: it is sent as text,
        // by a plain statement, since a prepared one would read a jsonb operator (?, ?|, ?&) in it as a parameter.
        String plan;
        try (Statement explain = connection.createStatement();
             ResultSet row = explain.executeQuery("explain (verbose, costs off, format json) select from jsonb_populate_record(null::"
                     + SqlRenderer.render(relation) + ", '{}') indexed where " + predicate)) {
            row.next();
            plan = row.getString(1);
        }
        return QueryRows.of(connection, """
                select array_to_string(array(select 'one-time filter ' || (f #>> '{}') from jsonb_path_query(?::jsonb,
                           'strict $.** ? (exists (@."One-Time Filter"))."One-Time Filter"') with ordinality q(f, n) order by n)
                       || array(select f #>> '{}' from jsonb_path_query(?::jsonb, 'strict $.** ? (exists (@."Filter"))."Filter"')
                                with ordinality q(f, n) order by n), ', ')""", plan, plan).get(0).get(0);
    }

    private static boolean bool(String value) {
        return "t".equals(value) || "true".equals(value);
    }

    private static List<String> list(String commaSeparated) {
        return commaSeparated == null || commaSeparated.isEmpty() ? List.of() : List.of(commaSeparated.split(","));
    }

    /** The tenant tables a function body names as a word, case-insensitively. */
    private static List<String> named(String body, List<String> tables) {
        String lower = body.toLowerCase(Locale.ROOT);
        return tables.stream().filter(t -> Pattern.compile("\\b" + Pattern.quote(t.toLowerCase(Locale.ROOT)) + "\\b").matcher(lower).find())
                .toList();
    }
}
