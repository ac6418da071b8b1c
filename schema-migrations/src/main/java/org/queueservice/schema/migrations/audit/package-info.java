/**
 * {@code queue-schema audit}: runs the MIG, TEN and CTS checks of {@code audit.checks} against a live database
 * and the migration registry, and renders the Markdown report. Changes nothing on the audited database;
 * rehearses rollbacks on a scratch database ({@code RollbackRehearsal}, also run by the rollback tests) and
 * reads query plans as JSON ({@code Workload}, {@code QueryPlan}). Uses {@code catalog}, {@code citus} (how a
 * coordinator places the tables), {@code internal}, {@code provision}, {@code security}, and {@code history} and
 * {@code rollback} for the rehearsal; names the model owns come from the model.
 */
package org.queueservice.schema.migrations.audit;
