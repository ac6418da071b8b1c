package org.queueservice.schema.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.SQLDataType.INTEGER;

import java.util.List;

import org.jooq.Field;
import org.junit.jupiter.api.Test;

class TableDefinitionTest {

    private static final TableDefinition JOBS = QueueSchema.JOBS.definition();

    @Test
    void aNewTableAlwaysHasTheColumnsKeysAndTenantForeignKeyIsolationNeeds() {
        TableDefinition widgets = TableDefinition.tenantTable("widgets", "Widgets.");
        assertThat(widgets.columns()).extracting(Field::getName).containsExactly("id", "tenant_id", "created_at", "updated_at");
        assertThat(widgets.jooqConstraints()).extracting(c -> SqlRenderer.render(c)).containsExactly(
                "constraint \"widgets_pkey\" primary key (\"tenant_id\", \"id\")",
                "constraint \"widgets_tenant_id_fkey\" foreign key (\"tenant_id\") references \"tenants\" (\"id\") on delete restrict");
    }

    @Test
    void theStandardColumnsCannotBeRemovedOrRetyped() {
        assertThatThrownBy(() -> JOBS.withoutColumn("tenant_id"))
                .hasMessage("jobs.tenant_id is not one of the table's own columns (every tenant table keeps it)");
        assertThatThrownBy(() -> JOBS.withColumn("id", type -> INTEGER))
                .hasMessage("jobs.id is not one of the table's own columns (every tenant table keeps it)");
    }

    @Test
    void withersReturnANewValueAndLeaveTheModelAlone() {
        TableDefinition changed = JOBS.withColumn(field(name("example_priority"), INTEGER.notNull().defaultValue(inline(0))))
                .withoutIndex("jobs_stuck_idx")
                .withConstraint(new TableConstraint.Check(name("jobs_example_priority_check"), field(name("example_priority"), INTEGER).ge(inline(0))));
        assertThat(changed.column("example_priority")).isPresent();
        assertThat(changed.index("jobs_stuck_idx")).isEmpty();
        assertThat(changed.constraint("jobs_example_priority_check")).isPresent();
        assertThat(JOBS.column("example_priority")).isEmpty();
        assertThat(QueueSchema.MODEL.table("jobs").orElseThrow().index("jobs_stuck_idx")).isPresent();
    }

    @Test
    void refusesADuplicateColumnOrConstraintName() {
        assertThatThrownBy(() -> JOBS.withColumn(field(name("status"), INTEGER)))
                .hasMessage("jobs declares column status twice");
        assertThatThrownBy(() -> JOBS.withIndex(new TableIndex(name("jobs_status_check"),
                List.of(TableDefinition.TENANT_ID), java.util.Optional.empty(), "x")))
                .hasMessage("jobs declares constraint or index jobs_status_check twice");
    }

    @Test
    void aModelRefusesTheSameTableTwice() {
        assertThatThrownBy(() -> QueueSchema.MODEL.withTable(TableDefinition.tenantTable("jobs", "again")))
                .hasMessage("the model declares table jobs twice");
    }
}
