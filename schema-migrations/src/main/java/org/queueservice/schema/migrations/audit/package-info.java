/**
 * {@code queue-schema audit}: the MIG and TEN checks decided from a live database and the migration
 * registry, and the Markdown report. Changes nothing on the audited database; rehearses rollbacks on a
 * scratch database. Uses {@code catalog}, {@code internal} and {@code provision}; names the model owns
 * come from the model.
 */
package org.queueservice.schema.migrations.audit;
