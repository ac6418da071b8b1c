package org.queueservice.schema.migrations.citus;

import java.util.Optional;

/**
 * Where one table's rows are: {@code method} is {@code distributed} (hash-distributed by {@code column}),
 * {@code reference} (a copy on every node), {@code citus local} (on the coordinator, in Citus' metadata) or
 * {@code local} (a plain table of the coordinator).
 */
public record TableDistribution(String table, String method, Optional<String> column, int colocationGroup, int shardCount) {

    public boolean distributedBy(String distributionColumn) {
        return method.equals("distributed") && column.filter(distributionColumn::equals).isPresent();
    }

    public boolean reference() {
        return method.equals("reference");
    }

    /** {@code jobs  distributed by tenant_id  colocation group 2  32 shards}: a line of info. */
    public String line() {
        String placement = method + column.map(c -> " by " + c).orElse("");
        return String.format("  %-24s %-26s %s", table, placement, method.equals("local") ? ""
                : "colocation group " + colocationGroup + ", " + shardCount + (shardCount == 1 ? " shard" : " shards"));
    }
}
