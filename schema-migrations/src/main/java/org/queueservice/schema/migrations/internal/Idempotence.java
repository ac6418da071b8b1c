package org.queueservice.schema.migrations.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.queueservice.schema.model.SchemaStep;

/**
 * Whether running a step a second time changes nothing: what lets a version that commits step by step be
 * finished by running it again after an interruption. Decided from the statement's form (IF [NOT]
 * EXISTS, OR REPLACE, ON CONFLICT, a guard, a statement that sets a state rather than adds to it); the
 * audit's MIG17 also re-applies every version to prove it.
 */
public final class Idempotence {

    private static final List<String> IDEMPOTENT_STARTS = List.of(
            "create table if not exists", "create index if not exists", "create index concurrently if not exists",
            "create unique index concurrently if not exists", "create or replace", "comment on", "grant", "revoke",
            "select \"set_config\"", "delete from", "update ",
            // ALTER POLICY sets the condition whole: running it again leaves the same policy.
            "alter policy");

    private Idempotence() {
    }

    /** The first statement of the step that is not idempotent, if any. */
    public static Optional<String> firstNonIdempotent(SchemaStep step) {
        if (step.onlyIf().isPresent()) {
            return Optional.empty();
        }
        List<String> sql = step.sql();
        return sql.stream().filter(statement -> !idempotent(statement.toLowerCase(Locale.ROOT), sql)).findFirst();
    }

    private static boolean idempotent(String sql, List<String> step) {
        if (IDEMPOTENT_STARTS.stream().anyMatch(sql::startsWith) || sql.contains(" on conflict ")) {
            return !sql.startsWith("update ") || sql.contains(" where ");
        }
        if (sql.startsWith("drop ")) {
            return sql.contains(" if exists ");
        }
        if (sql.startsWith("alter table ")) {
            return sql.matches("alter table \\S+ (add if not exists|drop if exists|drop constraint if exists|validate constraint"
                    + "|enable row level security|disable row level security|force row level security"
                    + "|no force row level security|alter \\S+ (set not null|drop not null|set default|drop default|type)).*");
        }
        // CREATE POLICY has no IF NOT EXISTS: idempotent when its own DROP POLICY IF EXISTS comes first in the step.
        return sql.startsWith("create policy") && step.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList().contains(
                sql.replaceFirst("^create policy (\"\\w+\") on (\"\\w+\").*$", "drop policy if exists $1 on $2"));
    }
}
