package org.queueservice.schema.migrations.history;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.flywaydb.core.api.MigrationInfo;
import org.queueservice.schema.migrations.FlywayChain;
import org.queueservice.schema.migrations.MigrationFailure;
import org.queueservice.schema.migrations.citus.CitusCatalog;

/** {@code queue-schema info}: the history, one line per known version, and what else the operator must know. */
public final class Info {

    private final FlywayChain chain;

    public Info(FlywayChain chain) {
        this.chain = chain;
    }

    /**
     * One line per known migration: version, description, state, when it was applied; then, on a database
     * the original Knex migration built, a line saying that adopt, not migrate, applies them.
     */
    public List<String> lines() {
        try {
            List<String> lines = new ArrayList<>();
            for (MigrationInfo info : chain.flyway().info().all()) {
                lines.add(String.format("V%-3s %-32s %-10s %s", info.getVersion(), info.getDescription(),
                        info.getState().getDisplayName(), info.getInstalledOn() == null ? "" : info.getInstalledOn()));
            }
            Unadopted.of(chain).ifPresent(lines::add);
            lines.addAll(distributionLines());
            return lines;
        } catch (RuntimeException e) {
            throw MigrationFailure.of("info", e);
        }
    }

    /** On a Citus coordinator, a heading and how each table is placed; nothing on plain PostgreSQL. */
    private List<String> distributionLines() {
        try (Connection c = chain.connection().open()) {
            Optional<String> citus = CitusCatalog.extensionVersion(c);
            if (citus.isEmpty()) {
                return List.of();
            }
            List<String> lines = new ArrayList<>();
            lines.add("Citus " + citus.get() + " coordinator; tables of " + chain.connection().database() + ":");
            CitusCatalog.distributions(c).forEach(table -> lines.add(table.line()));
            return lines;
        } catch (SQLException e) {
            throw MigrationFailure.of("info: reading the distribution of the tables", e);
        }
    }
}
