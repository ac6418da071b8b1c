package org.queueservice.schema.migrations.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.TableConstraint;
import org.queueservice.schema.model.TableIndex;
import org.queueservice.schema.model.TenantTable;

class WorkloadTest {

    @Test
    void everyHotQueryNamesAnIndexTheModelDeclaresOnItsTable() {
        assertThat(Workload.HOT_QUERIES).allSatisfy(query -> {
            TenantTable table = QueueSchema.TABLES.stream().filter(t -> t.tableName().equals(query.table())).findFirst().orElseThrow();
            List<String> indexes = Stream.concat(table.indexes().stream().map(TableIndex::name),
                            table.definition().constraints().stream().filter(c -> c instanceof TableConstraint.Unique)
                                    .map(TableConstraint::name))
                    .map(name -> name.last()).toList();
            assertThat(indexes).as(query.sql()).contains(query.index());
        });
    }

    @Test
    void theReadOnlyFormOfEveryHotQueryIsAPlainSelectOverTheSameRows() {
        assertThat(Workload.HOT_QUERIES).allSatisfy(query -> assertThat(query.readOnlySql()).as(query.sql())
                .startsWith("select ").doesNotContain("for update", "delete ", "update ", " set "));
        assertThat(Workload.HOT_QUERIES.stream().map(Workload.HotQuery::readOnlySql)).contains(
                "select ctid from jobs where tenant_id = ? and status in ('completed', 'failed') and completed_at < now() - interval '30 days'",
                "select ctid from rate_limits where tenant_id = ? and reset_at < now()",
                "select id from jobs where tenant_id = ? and queue = 'queue-3' and status = 'pending' and scheduled_for <= now() "
                        + "order by scheduled_for, created_at limit 10");
    }
}
