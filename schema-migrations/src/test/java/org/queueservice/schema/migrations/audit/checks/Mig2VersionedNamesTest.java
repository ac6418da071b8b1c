package org.queueservice.schema.migrations.audit.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.FaultyMigrations;
import org.queueservice.schema.migrations.audit.AuditReport.Status;

class Mig2VersionedNamesTest {

    private static final History APPLIED = new History(true, List.of(
            new History.Entry(1, "1", "Create queue tables", "JDBC", true),
            new History.Entry(2, "2", "Enforce tenant isolation", "JDBC", true),
            new History.Entry(3, "3", "Seed rate limiters", "JDBC", true)));

    private static Outcome evaluate(AuditContext context, History history) {
        return new Mig2VersionedNames().evaluate(context.withHistory(history));
    }

    @Test
    void theRegistryAppliedInOrderPasses() {
        Outcome outcome = evaluate(BrokenMigrations.good(), APPLIED);

        assertThat(outcome.status()).isEqualTo(Status.PASS);
        assertThat(outcome.evidence()).containsExactly("versions V1, V2, V3, consecutive, applied in that order");
    }

    @Test
    void aGapInTheRegistryFails() {
        assertThat(Mig2VersionedNames.registryProblems(BrokenMigrations.of(BrokenMigrations.v1(), BrokenMigrations.v3()).migrations()))
                .containsExactly("registry: migration V3__Seed_rate_limiters at position 2 has version 3: skips version 2");
    }

    @Test
    void aDuplicateInTheRegistryFails() {
        assertThat(Mig2VersionedNames.registryProblems(BrokenMigrations.of(BrokenMigrations.v1(), BrokenMigrations.v1()).migrations()))
                .containsExactly("registry: migration V1__Create_queue_tables at position 2 has version 1: duplicate or out of order");
    }

    @Test
    void aClassNotNamedVersionAndDescriptionFails() {
        Outcome outcome = evaluate(BrokenMigrations.with(new FaultyMigrations.V2__enforce_tenant_isolation()), History.ABSENT);

        assertThat(outcome.status()).isEqualTo(Status.FAIL);
        assertThat(outcome.evidence()).startsWith("class V2__enforce_tenant_isolation is not named V<version>__<Description>",
                "no history table to check the applied order against");
    }

    @Test
    void historyThatDisagreesWithTheRegistryFails() {
        History rewritten = new History(true, List.of(
                new History.Entry(1, "1", "Create queue tables", "SQL", true),
                new History.Entry(2, "0", "<< Flyway Baseline >>", "BASELINE", true),
                new History.Entry(3, "3", "Seed rate limiters", "JDBC", true),
                new History.Entry(4, "2", "Isolate tenants", "JDBC", true),
                new History.Entry(5, "7", "Unknown", "JDBC", true)));

        Outcome outcome = evaluate(BrokenMigrations.good(), rewritten);

        assertThat(outcome.status()).isEqualTo(Status.FAIL);
        assertThat(outcome.evidence()).containsExactly(
                "history applies V2 after V3",
                "history V2 is 'Isolate tenants', the registry says 'Enforce tenant isolation'",
                "history holds V7 (Unknown), which the registry does not know",
                "versions V1, V2, V3, consecutive, applied in that order");
    }
}
