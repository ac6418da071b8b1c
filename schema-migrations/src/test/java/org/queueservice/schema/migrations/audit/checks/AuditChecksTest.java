package org.queueservice.schema.migrations.audit.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.model.DatabaseRoles;

class AuditChecksTest {

    private static List<String> ids() {
        return AuditChecks.ALL.stream().map(check -> check.definition().id()).toList();
    }

    @Test
    void everyCheckIdIsRegisteredOnceInReportOrder() {
        List<String> expected = Stream.of(IntStream.rangeClosed(1, 20).mapToObj(i -> "MIG" + i),
                IntStream.rangeClosed(1, 8).mapToObj(i -> "TEN" + i), IntStream.rangeClosed(1, 5).mapToObj(i -> "CTS" + i))
                .flatMap(ids -> ids).toList();

        assertThat(ids()).doesNotHaveDuplicates().containsExactlyElementsOf(expected);
    }

    @Test
    void everyCheckIsRegisteredOnceAndDeclaresWhatTheReportShows() {
        assertThat(AuditChecks.ALL).extracting(check -> check.getClass()).doesNotHaveDuplicates();
        assertThat(AuditChecks.ALL).allSatisfy(check -> {
            Check definition = check.definition();
            assertThat(definition.title()).as(definition.id()).isNotBlank();
            assertThat(definition.remediation()).as(definition.id()).isNotBlank();
            assertThat(definition.id()).matches("(MIG|TEN|CTS)[1-9][0-9]*");
        });
    }

    @Test
    void sectionsFollowTheOriginalAuditsOrder() {
        assertThat(AuditChecks.ALL.stream().map(check -> check.definition().section()).distinct())
                .containsExactly(Section.STRUCTURE, Section.DESIGN, Section.SECURITY, Section.SEEDING, Section.SAFETY,
                        Section.TENANCY, Section.CITUS);
    }

    @Test
    void theCitusChecksAreTheCitusSectionAndTheirIdsAreNotDistributesPreflightCodes() {
        // CIT1 to CIT6 are distribute's refusals, printed and documented: an audit id must never read as one of them.
        assertThat(AuditChecks.ALL).filteredOn(check -> check.definition().section() == Section.CITUS)
                .extracting(check -> check.definition().id()).containsExactly("CTS1", "CTS2", "CTS3", "CTS4", "CTS5");
        assertThat(ids()).noneMatch(id -> id.startsWith("CIT"));
    }

    @Test
    void aClassWithoutCheckIsRefused() {
        AuditCheck undeclared = context -> Outcome.of(List.of(), "nothing");

        assertThatThrownBy(undeclared::definition).isInstanceOf(IllegalStateException.class).hasMessageContaining("declares no @Check");
    }

    @Test
    void theServiceRoleRemediationNamesTheConfiguredRole() {
        MigrationSettings settings = MigrationSettings.DEFAULT.withRoles(new DatabaseRoles("svc", "ops"));

        assertThat(new Ten5PowerlessServiceRole().remediation(MigrationSettings.DEFAULT))
                .isEqualTo("Run the service as a member of queue_app only; revoke ownership and powers.");
        assertThat(new Ten5PowerlessServiceRole().remediation(settings))
                .isEqualTo("Run the service as a member of svc only; revoke ownership and powers.");
    }

    @Test
    void aMissingIndexIsRemediatedByACommandThatRecreatesIt() {
        // migrate does nothing on a database whose history is up to date, however many indexes it lost.
        assertThat(List.of(new Mig9IndexesServeWorkload(), new Ten7TenantIdIndexed())).allSatisfy(check ->
                assertThat(check.definition().remediation()).as(check.definition().id())
                        .contains("`queue-schema repair`").doesNotContain("migrate`"));
    }

    @Test
    void aCheckThatNeedsTheDatabaseSaysSoOnAContextWithoutOne() {
        assertThatThrownBy(() -> new Mig6PrimaryKeys().evaluate(BrokenMigrations.good()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("needs the catalog");
    }
}
