package org.queueservice.schema.model;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jooq.Condition;
import org.jooq.Query;

/**
 * Statements of the schema that belong together, with a description of the object they touch and an
 * optional guard. A guard exists only where PostgreSQL has no {@code IF [NOT] EXISTS} form (roles, a
 * table that may belong to another service, a constraint): the statements run only when the guard holds,
 * and are evaluated together so that the first one cannot change the guard's answer for the next.
 *
 * @param description what is done to which object, e.g. {@code create index jobs_claim_idx}
 * @param statements the jOOQ queries, rendered for PostgreSQL with inlined values
 * @param onlyIf the guard, or empty to always run
 * @param autocommit the statements cannot run inside a transaction block ({@code CONCURRENTLY})
 * @param dataAtRisk for a down step that drops a table or column: the rows whose data it would lose,
 *                   which rollback counts and refuses to lose unless forced
 * @param keptRows for a down step that removes seed rows only while they are as seeded: the rows it
 *                 leaves, which rollback reports
 */
public record SchemaStep(String description, List<Query> statements, Optional<Condition> onlyIf,
                         boolean autocommit, Optional<DataAtRisk> dataAtRisk, Optional<KeptRows> keptRows) {

    public SchemaStep {
        statements = List.copyOf(statements);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a schema step needs at least one statement: " + description);
        }
    }

    public static SchemaStep of(String description, Query... statements) {
        return of(description, List.of(statements));
    }

    public static SchemaStep of(String description, List<Query> statements) {
        return new SchemaStep(description, statements, Optional.empty(), false, Optional.empty(), Optional.empty());
    }

    public static SchemaStep onlyIf(Condition guard, String description, Query... statements) {
        return new SchemaStep(description, List.of(statements), Optional.of(guard), false, Optional.empty(), Optional.empty());
    }

    /** The same step, run in autocommit mode because PostgreSQL refuses it inside a transaction block. */
    public SchemaStep inAutocommit() {
        return new SchemaStep(description, statements, onlyIf, true, dataAtRisk, keptRows);
    }

    /** The same step, declaring the data it destroys so that rollback can count it first. */
    public SchemaStep losing(DataAtRisk data) {
        return new SchemaStep(description, statements, onlyIf, autocommit, Optional.of(data), keptRows);
    }

    /** The same step, declaring the rows it leaves on purpose so that rollback can report them. */
    public SchemaStep keeping(KeptRows rows) {
        return new SchemaStep(description, statements, onlyIf, autocommit, dataAtRisk, Optional.of(rows));
    }

    /** The statements as they are executed, one per element. */
    public List<String> sql() {
        return statements.stream().map(SqlRenderer::render).toList();
    }

    /** The statements with description and guard, as printed by dry runs and hashed into checksums. */
    public String script() {
        String guard = onlyIf.map(condition -> "-- only if " + SqlRenderer.render(condition) + "\n").orElse("");
        return "-- " + description + "\n" + guard + sql().stream().map(s -> s + ";\n").collect(Collectors.joining());
    }
}
