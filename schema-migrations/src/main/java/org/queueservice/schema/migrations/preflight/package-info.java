/**
 * What {@code migrate} refuses before anything changes: one rule per class ({@link PreflightRule}, codes
 * PRE1 to PRE6), each deciding from {@link PreflightFacts}, read from the database once. Run by
 * migrate ({@code history.Migrate}) and adopt; rollback and the audit use its schema rule. Uses {@code internal}
 * to read the database and the model for every name.
 */
package org.queueservice.schema.migrations.preflight;
