package org.queueservice.schema.migrations.audit.checks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.FaultyMigrations;
import org.queueservice.schema.migrations.audit.AuditReport.Status;

/** The checks decided from the migration list alone (MIG4, MIG13, MIG14, MIG16, MIG18), without a database. */
class MigrationListChecksTest {

    @Nested
    class Mig4DownPathDefinedTest {
        @Test
        void passesWhenEveryVersionHasDownSteps() {
            Outcome outcome = new Mig4DownPathDefined().evaluate(BrokenMigrations.good());

            assertThat(outcome.status()).isEqualTo(Status.PASS);
            assertThat(outcome.evidence()).singleElement().asString().startsWith("V1: ").contains(", V3: ").endsWith(" down steps");
        }

        @Test
        void failsNamingTheVersionWithoutDownSteps() {
            Outcome outcome = new Mig4DownPathDefined().evaluate(BrokenMigrations.with(new FaultyMigrations.V3__Seed_rate_limiters_without_down()));

            assertThat(outcome.status()).isEqualTo(Status.FAIL);
            assertThat(outcome.evidence()).first().isEqualTo("V3__Seed_rate_limiters_without_down has no down steps");
            assertThat(outcome.evidence()).last().asString().endsWith("V3: 0 down steps");
        }
    }

    @Nested
    class Mig13RlsDisabledInDownTest {
        @Test
        void passesWhenDownStepsDisableRowLevelSecurityEverywhere() {
            Outcome outcome = new Mig13RlsDisabledInDown().evaluate(BrokenMigrations.good());

            assertThat(outcome.status()).isEqualTo(Status.PASS);
            assertThat(outcome.evidence()).containsExactly("down steps disable (and un-force) row-level security on all 10 tables");
        }

        @Test
        void failsNamingTheTableLeftSecured() {
            Outcome outcome = new Mig13RlsDisabledInDown()
                    .evaluate(BrokenMigrations.with(new FaultyMigrations.V2__Enforce_tenant_isolation_leaving_rls_on_jobs()));

            assertThat(outcome.status()).isEqualTo(Status.FAIL);
            assertThat(outcome.evidence()).first().isEqualTo("no down step disables row-level security on jobs");
        }
    }

    @Nested
    class Mig14PoliciesDroppedInDownTest {
        @Test
        void passesWhenEveryPolicyCreatedIsDropped() {
            Outcome outcome = new Mig14PoliciesDroppedInDown().evaluate(BrokenMigrations.good());

            assertThat(outcome.status()).isEqualTo(Status.PASS);
            assertThat(outcome.evidence()).containsExactly("20 policies created by up steps, each dropped by a down step");
        }

        @Test
        void failsNamingThePolicyLeft() {
            Outcome outcome = new Mig14PoliciesDroppedInDown()
                    .evaluate(BrokenMigrations.with(new FaultyMigrations.V2__Enforce_tenant_isolation_leaving_a_policy()));

            assertThat(outcome.status()).isEqualTo(Status.FAIL);
            assertThat(outcome.evidence()).first()
                    .isEqualTo("no down step: drop policy if exists \"jobs_tenant_isolation\" on \"jobs\"");
        }
    }

    @Nested
    class Mig16SeedDeletedInDownTest {
        @Test
        void passesWhenTheSeedingVersionDeletesItsRows() {
            Outcome outcome = new Mig16SeedDeletedInDown().evaluate(BrokenMigrations.good());

            assertThat(outcome.status()).isEqualTo(Status.PASS);
            assertThat(outcome.evidence())
                    .containsExactly("V3__Seed_rate_limiters seeds rate_limiters; its down deletes exactly the seeded rows");
        }

        @Test
        void failsWhenTheSeedingVersionKeepsItsRows() {
            Outcome outcome = new Mig16SeedDeletedInDown()
                    .evaluate(BrokenMigrations.with(new FaultyMigrations.V3__Seed_rate_limiters_keeping_the_seed()));

            assertThat(outcome.status()).isEqualTo(Status.FAIL);
            assertThat(outcome.evidence()).containsExactly(
                    "V3__Seed_rate_limiters_keeping_the_seed seeds rate_limiters but its down steps do not delete the seed rows");
        }

        @Test
        void failsWhenNothingSeeds() {
            Outcome outcome = new Mig16SeedDeletedInDown().evaluate(BrokenMigrations.of(BrokenMigrations.v1()));

            assertThat(outcome.status()).isEqualTo(Status.FAIL);
            assertThat(outcome.evidence()).containsExactly("no migration seeds rate_limiters");
        }
    }

    @Nested
    class Mig18OneTransactionTest {
        @Test
        void passesWhenEveryVersionRunsInOneTransaction() {
            Outcome outcome = new Mig18OneTransaction().evaluate(BrokenMigrations.good());

            assertThat(outcome.status()).isEqualTo(Status.PASS);
            assertThat(outcome.evidence()).containsExactly("3 migrations run in one transaction each (PostgreSQL DDL is transactional)");
        }

        @Test
        void acceptsAnOnlineVersionWhoseStatementsAreAllIdempotent() {
            Outcome outcome = new Mig18OneTransaction().evaluate(BrokenMigrations.with(new FaultyMigrations.V3__Seed_rate_limiters_online()));

            assertThat(outcome.status()).isEqualTo(Status.PASS);
            assertThat(outcome.evidence()).containsExactly(
                    "2 migrations run in one transaction each (PostgreSQL DDL is transactional)",
                    "V3__Seed_rate_limiters_online commit step by step by design (online DDL), every statement idempotent");
        }

        @Test
        void failsAVersionOutsideATransactionWithANonIdempotentStatement() {
            Outcome outcome = new Mig18OneTransaction()
                    .evaluate(BrokenMigrations.with(new FaultyMigrations.V3__Seed_rate_limiters_outside_a_transaction()));

            assertThat(outcome.status()).isEqualTo(Status.FAIL);
            assertThat(outcome.evidence()).first().asString().startsWith("V3__Seed_rate_limiters_outside_a_transaction does not run "
                    + "in a transaction, and `create index \"rate_limiters_scratch_idx\"");
        }

        @Test
        void failsAStatementThatCannotRunInTheVersionsTransaction() {
            Outcome outcome = new Mig18OneTransaction()
                    .evaluate(BrokenMigrations.with(new FaultyMigrations.V3__Seed_rate_limiters_concurrently_in_a_transaction()));

            assertThat(outcome.status()).isEqualTo(Status.FAIL);
            assertThat(outcome.evidence()).first().isEqualTo("V3__Seed_rate_limiters_concurrently_in_a_transaction uses "
                    + "concurrently, which cannot run in a transaction");
        }
    }
}
