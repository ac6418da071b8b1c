/**
 * {@code queue-schema rollback}: which versions a rollback undoes, their down steps, and the data those steps would
 * destroy, worked out before anything changes ({@code RollbackPlan}), then the versions undone under the schema change
 * lock ({@code Rollback}, also run by the audit's rehearsal). Reads the history through the chain's
 * {@code FlywayChain}; uses {@code preflight} (the schema rule), {@code citus} (what a distributed database refuses)
 * and {@code internal}.
 */
package org.queueservice.schema.migrations.rollback;
