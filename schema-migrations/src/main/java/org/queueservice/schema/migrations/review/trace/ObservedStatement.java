package org.queueservice.schema.migrations.review.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.queueservice.schema.migrations.review.rules.ReviewedStatement;

/**
 * What one statement did on the scratch database.
 *
 * @param locks the strongest lock it took on each table, as {@code pg_locks} showed it (a mode its transaction
 *              already held is not seen again)
 * @param rewritten the tables that existed before the version and whose file it replaced (relfilenode) while
 *                  keeping their rows
 * @param removed per table with {@code tenant_id}, per tenant, the rows it removed
 * @param changed per table with {@code tenant_id}, the tenants some of whose rows it changed in place
 * @param failure PostgreSQL's error when the statement failed, or null
 */
public record ObservedStatement(ReviewedStatement statement, Map<String, LockMode> locks, List<String> rewritten,
                                Map<String, Map<String, Long>> removed, Map<String, List<String>> changed, String failure) {

    public ObservedStatement {
        locks = Map.copyOf(locks);
        rewritten = List.copyOf(rewritten);
        removed = Map.copyOf(removed);
        changed = Map.copyOf(changed);
    }

    public Optional<String> failed() {
        return Optional.ofNullable(failure);
    }

    /** The facts as the report lists them under the statement, one line each. */
    public List<String> facts() {
        List<String> facts = new ArrayList<>();
        if (failure != null) {
            facts.add("failed: " + failure);
        }
        rewritten.stream().sorted().forEach(t -> facts.add("rewrote " + t + " (new relfilenode, rows kept)"));
        removed.keySet().stream().sorted().forEach(t -> facts.add("removed rows of " + t + ": " + removed.get(t).entrySet().stream()
                .map(e -> e.getValue() + " of " + e.getKey()).reduce((a, b) -> a + ", " + b).orElse("")));
        changed.keySet().stream().sorted().forEach(t -> facts.add("changed rows of " + t + " of " + String.join(" and ", changed.get(t))));
        return facts;
    }
}
