/**
 * {@code queue-schema repair}: brings a database whose history and catalog disagree back to its highest
 * recorded version: compares its structure with a scratch database migrated to that version, restores each
 * missing object online under the lock timeout, re-runs only the schema steps idempotent by construction
 * (and seed inserts of missing rows) when tables are gone, rewrites the missing history rows, and says what
 * it restored and what it could not ({@code Repair}; {@code Restorations}, what restores each object;
 * {@code HistoryRows}, the history rows). Uses {@code catalog} for both schemas, {@code history} to migrate the
 * scratch database ({@code ReferenceCatalog}), {@code security} to name what still breaks isolation, and
 * {@code internal} to run steps.
 */
package org.queueservice.schema.migrations.repair;
