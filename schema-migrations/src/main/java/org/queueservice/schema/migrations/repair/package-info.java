/**
 * {@code queue-schema repair}: brings a database whose history and catalog disagree back to its highest
 * recorded version: compares its structure with a scratch database migrated to that version, restores each
 * missing object online under the lock timeout, re-runs only the schema steps idempotent by construction
 * (and seed inserts of missing rows) when tables are gone, rewrites the missing history rows, and says what
 * it restored and what it could not. Uses {@code catalog} for both schemas and {@code internal} to run
 * steps; run by {@code QueueSchemaMigrations.repair}.
 */
package org.queueservice.schema.migrations.repair;
