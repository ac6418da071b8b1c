package org.queueservice.schema.migrations.citus;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.queueservice.schema.migrations.MigrationSettings;

/** One reason to refuse distributing before anything changes, with a code that never changes (docs/citus.md). */
interface DistributionCheck {

    /** {@code CIT1}, {@code CIT2}, ...: printed with each refusal. */
    String code();

    /** Why distributing must not start, one line each; empty when this check passes. */
    List<String> refusals(Connection c, MigrationSettings settings) throws SQLException;
}
