package org.queueservice.schema.migrations.adopt;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What adopt found and would do, worked out without changing anything: the database's state, the
 * preflight's findings (any finding and adopt refuses) and the conversion, statement by statement with
 * the lock each takes.
 */
public final class AdoptionPlan {

    private final String state;
    private final List<String> findings;
    private final List<String> revocations;
    private final List<AdoptionStep> steps;

    AdoptionPlan(String state, List<String> findings, List<String> revocations, List<AdoptionStep> steps) {
        this.state = state;
        this.findings = List.copyOf(findings);
        this.revocations = List.copyOf(revocations);
        this.steps = List.copyOf(steps);
    }

    /** E.g. {@code built by the original Knex migration}. */
    public String state() {
        return state;
    }

    /** One line per problem the preflight found: table, constraint or object, what is wrong, rows and a few keys. */
    public List<String> findings() {
        return findings;
    }

    /**
     * One line per role and table whose privileges the conversion revokes (a Knex-era login's, PUBLIC's, the
     * two roles' beyond the model's), so that no run takes them by surprise; the statements are in the script.
     */
    public List<String> revocations() {
        return revocations;
    }

    public int stepCount() {
        return steps.size();
    }

    /** The conversion as SQL, each unit under a comment naming the lock it takes. */
    public String script() {
        return steps.stream().map(AdoptionStep::script).collect(Collectors.joining("\n"));
    }

    List<AdoptionStep> steps() {
        return steps;
    }
}
