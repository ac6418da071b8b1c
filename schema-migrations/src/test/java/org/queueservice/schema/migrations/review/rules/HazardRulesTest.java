package org.queueservice.schema.migrations.review.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.queueservice.schema.migrations.MigrationSettings;
import org.queueservice.schema.migrations.AcceptsHazard;
import org.queueservice.schema.migrations.Migrations;
import org.queueservice.schema.migrations.SchemaMigration;
import org.queueservice.schema.migrations.review.rules.SeededMigrations.*;
import org.queueservice.schema.migrations.security.SurfaceCategory;

/** Each rule on a seeded next version that holds its hazard, and on a safe version of the same change. */
class HazardRulesTest {

    static Stream<Arguments> hazards() {
        return Stream.of(
                Arguments.of("QS100", new V4__Do_block(), new V4__Index_concurrently()),
                Arguments.of("QS100", new V4__Unknown_statement(), new V4__Index_concurrently()),
                Arguments.of("QS101", new V4__Index_without_concurrently(), new V4__Index_concurrently()),
                Arguments.of("QS102", new V4__Concurrently_in_transaction(), new V4__Index_concurrently()),
                Arguments.of("QS103", new V4__Drop_index(), new V4__Drop_index_concurrently()),
                Arguments.of("QS104", new V4__Check_validated_at_once(), new V4__Check_not_valid_then_validated()),
                Arguments.of("QS104", new V4__Foreign_key_validated_at_once(), new V4__Check_not_valid_then_validated()),
                Arguments.of("QS104", new V4__Column_added_with_check(), new V4__Check_not_valid_then_validated()),
                Arguments.of("QS104", new V4__Column_added_with_reference(), new V4__Check_not_valid_then_validated()),
                Arguments.of("QS104", new V4__Check_not_valid_then_validated_in_one_transaction(), new V4__Check_not_valid_then_validated()),
                Arguments.of("QS105", new V4__Set_not_null(), new V4__Set_not_null_through_check()),
                Arguments.of("QS105", new V4__Set_not_null_on_type(), new V4__Set_default_on_type()),
                Arguments.of("QS106", new V4__Not_null_column_without_default(), new V4__Not_null_column_with_default()),
                Arguments.of("QS107", new V4__Volatile_default(), new V4__Default_set_afterwards()),
                Arguments.of("QS107", new V4__Serial_column(), new V4__Default_set_afterwards()),
                Arguments.of("QS107", new V4__Identity_column(), new V4__Default_set_afterwards()),
                Arguments.of("QS107", new V4__Generated_column(), new V4__Default_set_afterwards()),
                Arguments.of("QS107", new V4__Generated_column_not_null(), new V4__Default_set_afterwards()),
                Arguments.of("QS108", new V4__Type_change_rewrites(), new V4__Type_widened()),
                Arguments.of("QS109", new V4__Unique_in_place(), new V4__Unique_using_index()),
                Arguments.of("QS111", new V4__Rename_column(), new V4__Column_added_under_new_name()),
                Arguments.of("QS112", new V4__Drop_not_null(), new V4__Default_instead_of_null()),
                Arguments.of("QS113", new V4__Lock_timeout_lifted(), new V4__Lock_timeout_kept()),
                Arguments.of("QS114", new V4__Backfill_with_ddl(), new V4__Backfill_in_its_own_step()),
                Arguments.of("QS115", new V4__Vacuum_full(), new V4__Analyze()),
                Arguments.of("QS115", new V4__Cluster_using(), new V4__Analyze()),
                Arguments.of("QS115", new V4__Cluster_on(), new V4__Analyze()),
                Arguments.of("QS116", new V4__Reindex(), new V4__Reindex_concurrently()),
                Arguments.of("QS117", new V4__Detach_partition(), new V4__Detach_partition_concurrently()),
                Arguments.of("QS118", new V4__Truncate_cascade(), new V4__Delete_in_batches()),
                Arguments.of("QS119", new V4__Domain_constraint(), new V4__Domain_constraint_not_valid()),
                Arguments.of("QS119", new V4__Column_of_constrained_domain(), new V4__Column_of_plain_domain()),
                Arguments.of("QS122", new V4__User_function_default(), new V4__Immutable_function_default()),
                Arguments.of("QS123", new V4__Commit_inside(), new V4__Column_added()),
                Arguments.of("QS124", new V4__Delete_every_row(), new V4__Delete_in_batches()),
                Arguments.of("QS124", new V4__Update_every_row(), new V4__Backfill_in_its_own_step()),
                Arguments.of("QS125", new V4__Replica_role(), new V4__Origin_role()),
                Arguments.of("QS125", new V4__Replica_role_for_the_service(), new V4__Origin_role()),
                Arguments.of("QS126", new V4__Disable_trigger_all(), new V4__Enable_trigger()),
                Arguments.of("QS127", new V4__Lock_table(), new V4__Column_added()),
                Arguments.of("QS127", new V4__Sleep(), new V4__Column_added()),
                Arguments.of("QS128", new V4__Drop_function_cascade(), new V4__Drop_trigger_by_name()),
                Arguments.of("QS201", new V4__Table_without_rls(), new V4__Table_with_rls()),
                Arguments.of("QS201", new V4__Force_lifted(), new V4__Force_lifted_and_restored()),
                Arguments.of("QS203", new V4__Policy_altered(), new V4__Policy_on_new_table()),
                Arguments.of("QS204", new V4__Using_differs_from_check(), new V4__Policy_compares_uuid()),
                Arguments.of("QS205", new V4__Policy_admits_service_to_every_row(), new V4__Policy_admits_maintenance_to_every_row()),
                Arguments.of("QS205", new V4__Policy_names_tenant_id_only(), new V4__Policy_admits_maintenance_to_every_row()),
                Arguments.of("QS206", new V4__Policy_casts_tenant_id(), new V4__Policy_compares_uuid()),
                Arguments.of("QS206", new V4__Policy_casts_tenant_id_by_call(), new V4__Policy_compares_uuid()),
                Arguments.of("QS206", new V4__Policy_casts_tenant_id_to_varchar(), new V4__Policy_compares_uuid()),
                Arguments.of("QS207", new V4__Policy_reads_other_setting(), new V4__Policy_compares_uuid()),
                Arguments.of("QS208", new V4__Grant_truncate(), new V4__Grant_select()),
                Arguments.of("QS208", new V4__Grant_truncate_on_two_tables(), new V4__Grant_select()),
                Arguments.of("QS208", new V4__Grant_truncate_on_schema(), new V4__Grant_select()),
                Arguments.of("QS208", new V4__Grant_trigger_to_public(), new V4__Grant_select()),
                Arguments.of("QS208", new V4__Owner_service_role(), new V4__Grant_select()),
                Arguments.of("QS208", new V4__Grant_role_to_service_role(), new V4__Service_role_restricted()),
                Arguments.of("QS208", new V4__Service_role_bypasses_rls(), new V4__Service_role_restricted()),
                Arguments.of("QS208", new V4__Service_role_made_superuser(), new V4__Service_role_restricted()),
                Arguments.of("QS208", new V4__Service_role_created_bypassing_rls(), new V4__Service_role_restricted()),
                Arguments.of("QS401", new V4__Policy_with_sub_select(), new V4__Policy_compares_uuid()),
                Arguments.of("QS401", new V4__Policy_with_exists(), new V4__Policy_compares_uuid()),
                Arguments.of("QS402", new V4__Tenant_table_keyed_by_id(), new V4__Table_with_rls()),
                Arguments.of("QS402", new V4__Unique_index_without_tenant_id(), new V4__Unique_index_led_by_tenant_id()),
                Arguments.of("QS402", new V4__Unique_index_including_tenant_id(), new V4__Unique_index_led_by_tenant_id()),
                Arguments.of("QS403", new V4__Column_and_constraint_in_one_alter(), new V4__Column_and_constraint_apart()),
                Arguments.of("QS403", new V4__Key_swapped_in_one_alter(), new V4__Column_and_constraint_apart()),
                Arguments.of("QS403", new V4__Unnamed_inline_check_beside_another_column(), new V4__Named_inline_check_beside_another_column()),
                Arguments.of("QS403", new V4__Named_inline_reference_beside_another_column(), new V4__Named_inline_check_beside_another_column()),
                Arguments.of("QS404", new V4__Restrictive_policy(), new V4__Restriction_in_the_tenant_policy()));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("hazards")
    void findsExactlyItsHazardAndNothingInTheSafeVersion(String code, SchemaMigration unsafe, SchemaMigration safe) throws SQLException {
        assertThat(codes(unsafe)).containsExactly(code);
        assertThat(codes(safe)).isEmpty();
    }

    /** Dropping and renaming have no safe form of the same change: a version accepts them (see SchemaReviewGitIT). */
    @Test
    void dropsOfTablesColumnsAndPoliciesAreHazardsOfTheirOwn() throws SQLException {
        assertThat(codes(new V4__Drop_column())).containsExactly("QS110");
        assertThat(codes(new V4__Drop_table())).containsExactly("QS110");
        assertThat(codes(new V4__Policy_dropped())).containsExactly("QS202");
        assertThat(codes(new V4__Drop_schema())).containsExactly("QS120");
        assertThat(codes(new V4__Drop_database())).containsExactly("QS120");
        assertThat(codes(new V4__Set_unlogged())).containsExactly("QS121");
    }

    /** The two-release NOT NULL: the CHECK released NOT VALID in V4 is read from the base, so V5's SET NOT NULL scans nothing. */
    @Test
    void aCheckReleasedNotValidInAnEarlierVersionProvesTheNextVersionsSetNotNull() throws SQLException {
        List<SchemaMigration> released = new ArrayList<>(Migrations.all());
        released.add(new V4__Error_check_not_valid());

        assertThat(codes(context(released, List.of(new V5__Error_validated_and_set_not_null())))).isEmpty();
        assertThat(codes(context(Migrations.all(), List.of(new V5__Error_validated_and_set_not_null())))).containsExactly("QS105");
    }

    @Test
    void findingsNameTheTableAndObject() throws SQLException {
        assertThat(findings(new V4__Index_without_concurrently())).containsExactly(
                "index jobs_type_idx on jobs built without CONCURRENTLY: SHARE lock, writes wait for the whole build");
        assertThat(findings(new V4__Type_change_rewrites())).containsExactly(
                "jobs.attempts changes type from int to bigint: REWRITES jobs under ACCESS EXCLUSIVE");
        assertThat(findings(new V4__Policy_casts_tenant_id())).containsExactly(
                "policy jobs_text on jobs casts tenant_id: no tenant_id index serves it");
        assertThat(findings(new V4__Policy_with_sub_select())).containsExactly(
                "policy jobs_sub_select on jobs has a sub-select in USING and WITH CHECK: Citus refuses it on a distributed table");
        assertThat(findings(new V4__Tenant_table_keyed_by_id())).containsExactly(
                "primary key (id) of notes does not hold tenant_id: Citus refuses it on a table distributed by tenant_id");
        assertThat(findings(new V4__Unique_index_including_tenant_id())).containsExactly(
                "unique index jobs_id_key (id) of jobs does not hold tenant_id: Citus refuses it on a table distributed by tenant_id");
        assertThat(findings(new V4__Key_swapped_in_one_alter())).containsExactly(
                "ALTER TABLE jobs with 2 subcommands: Citus refuses ADD CONSTRAINT jobs_pkey with other subcommands");
        assertThat(findings(new V4__Unnamed_inline_check_beside_another_column())).containsExactly(
                "ALTER TABLE notes with 2 subcommands: Citus refuses ADD COLUMN weight with an unnamed CHECK beside other subcommands");
        assertThat(findings(new V4__Named_inline_reference_beside_another_column())).containsExactly(
                "ALTER TABLE notes with 2 subcommands: ADD COLUMN owner_id with a named REFERENCES beside other subcommands crashes a Citus worker");
        assertThat(findings(new V4__Restrictive_policy())).containsExactly("policy jobs_not_hidden on jobs is AS RESTRICTIVE: Citus "
                + "recreates it permissive on every shard, where it widens what the table admits");
    }

    /** A unique column added to a tenant table is built in place (QS109) and, one column, cannot hold tenant_id (QS402). */
    @Test
    void aUniqueColumnAddedToATenantTableIsBuiltInPlaceAndCannotHoldTenantId() throws SQLException {
        assertThat(codes(new V4__Column_added_unique())).containsExactly("QS109", "QS402");
        assertThat(findings(new V4__Column_added_unique())).contains(
                "unique constraint (external_id) of jobs does not hold tenant_id: Citus refuses it on a table distributed by tenant_id");
    }

    /** Citus judges a table's statements, not the plain tables beside them: a table without tenant_id is none of its. */
    @Test
    void aTableWithoutTenantIdIsNoneOfCitus() throws SQLException {
        assertThat(codes(new V4__Local_table_keyed_and_altered())).isEmpty();
    }

    @Test
    void theReleasedVersionsHoldNoHazard() throws SQLException {
        List<String> codes = new ArrayList<>();
        for (HazardRule rule : HazardRules.ALL) {
            rule.find(context(List.of(), Migrations.all())).stream()
                    .filter(f -> Arrays.stream(f.statement().migration().getClass().getAnnotationsByType(AcceptsHazard.class))
                            .noneMatch(a -> a.code().equals(rule.rule().code())))
                    .forEach(f -> codes.add(rule.rule().code()));
        }
        assertThat(codes).as("hazards no @AcceptsHazard of their version accepts").isEmpty();
    }

    @Test
    void everyRuleIsRegisteredOnceWithAStableCodeAndFullDocumentation() {
        List<String> codes = HazardRules.ALL.stream().map(r -> r.rule().code()).toList();
        assertThat(codes).containsExactly("QS100", "QS101", "QS102", "QS103", "QS104", "QS105", "QS106", "QS107", "QS108", "QS109",
                "QS110", "QS111", "QS112", "QS113", "QS114", "QS115", "QS116", "QS117", "QS118", "QS119", "QS120", "QS121", "QS122",
                "QS123", "QS124", "QS125", "QS126", "QS127", "QS128", "QS201", "QS202", "QS203", "QS204", "QS205", "QS206", "QS207",
                "QS208", "QS301", "QS302", "QS303", "QS304", "QS401", "QS402", "QS403", "QS404");
        for (HazardRule rule : HazardRules.ALL) {
            Rule about = rule.rule();
            assertThat(rule.getClass().getSimpleName()).startsWith(about.code().charAt(0) + about.code().substring(1).toLowerCase());
            assertThat(Modifier.isPublic(rule.getClass().getModifiers())).isFalse();
            assertThat(List.of(about.title(), about.explanation(), about.safeAlternative())).allSatisfy(text -> assertThat(text).isNotBlank());
        }
    }

    /** The security surface's categories take the codes after QS208, once each, fully documented. */
    @Test
    void everySurfaceCategoryHasAStableCodeOfItsOwnAndFullDocumentation() {
        List<String> codes = Stream.of(SurfaceCategory.values()).map(SurfaceCategory::code).toList();
        assertThat(codes).containsExactly("QS209", "QS210", "QS211", "QS212", "QS213", "QS214", "QS215", "QS216", "QS217",
                "QS218", "QS219");
        assertThat(codes).doesNotContainAnyElementsOf(HazardRules.ALL.stream().map(r -> r.rule().code()).toList());
        for (SurfaceCategory category : SurfaceCategory.values()) {
            Rule about = category.rule();
            assertThat(SurfaceCategory.ofCode(about.code())).isEqualTo(category);
            assertThat(List.of(about.title(), about.explanation(), about.safeAlternative())).allSatisfy(text -> assertThat(text).isNotBlank());
        }
    }

    /**
     * docs/reviewing.md documents every rule, and every category of the security surface, as it declares itself: code,
     * severity, title, explanation, alternative.
     */
    @Test
    void theReviewPageTablesEveryRule() throws java.io.IOException {
        String page = java.nio.file.Files.readString(java.nio.file.Path.of("").toAbsolutePath().getParent().resolve("docs/reviewing.md"));
        List<Rule> rules = new ArrayList<>(HazardRules.ALL.stream().map(HazardRule::rule).toList());
        Stream.of(SurfaceCategory.values()).map(SurfaceCategory::rule).forEach(rules::add);
        for (Rule about : rules) {
            assertThat(page).contains("| " + about.code() + " | " + about.severity().name().toLowerCase() + " | " + about.title() + " | "
                    + about.explanation() + " | " + about.safeAlternative() + " |\n");
        }
    }

    static List<String> codes(SchemaMigration next) throws SQLException {
        return codes(context(Migrations.all(), List.of(next)));
    }

    static List<String> codes(ReviewContext context) throws SQLException {
        List<String> codes = new ArrayList<>();
        for (HazardRule rule : HazardRules.ALL) {
            rule.find(context).forEach(f -> codes.add(rule.rule().code()));
        }
        return codes;
    }

    private static List<String> findings(SchemaMigration next) throws SQLException {
        List<String> messages = new ArrayList<>();
        ReviewContext context = context(Migrations.all(), List.of(next));
        for (HazardRule rule : HazardRules.ALL) {
            rule.find(context).forEach(f -> messages.add(f.message()));
        }
        return messages;
    }

    /** {@code reviewed} on top of {@code before}, without a database. */
    static ReviewContext context(List<SchemaMigration> before, List<SchemaMigration> reviewed) {
        List<ReviewedStatement> history = new ArrayList<>();
        before.forEach(m -> history.addAll(ReviewedStatement.of(m, MigrationSettings.DEFAULT)));
        List<ReviewedStatement> statements = new ArrayList<>();
        reviewed.forEach(m -> statements.addAll(ReviewedStatement.of(m, MigrationSettings.DEFAULT)));
        history.addAll(statements);
        return new ReviewContext(history, statements, MigrationSettings.DEFAULT.roles(), null);
    }
}
