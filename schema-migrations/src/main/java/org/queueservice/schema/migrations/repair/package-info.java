/**
 * {@code queue-schema repair}: brings a database whose history and catalog disagree back to its highest
 * recorded version, by re-applying the idempotent up steps of every version up to it and rewriting the
 * history rows that are missing, in the caller's transaction, and says what that restored. Uses
 * {@code catalog} to show the difference and {@code internal} to run steps; run by
 * {@code QueueSchemaMigrations.repair}.
 */
package org.queueservice.schema.migrations.repair;
