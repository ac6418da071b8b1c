/**
 * The review's hazard rules, one class per rule, each declaring its stable code, severity, title, explanation
 * and safe alternative with {@link org.queueservice.schema.migrations.review.rules.Rule} and finding its hazards
 * in a {@link org.queueservice.schema.migrations.review.rules.ReviewContext}: the reviewed statements, each read
 * into {@link org.queueservice.schema.migrations.review.rules.Action}s (kind, table, lock, cost; read by
 * {@code StatementActions}, ALTER TABLE's clauses by {@code AlterTableClauses}), and with
 * {@code --url} the live database, read only. {@link org.queueservice.schema.migrations.review.rules.HazardRules}
 * lists them in report order. Uses {@code internal} for locks and queries; names the model owns come from it.
 */
package org.queueservice.schema.migrations.review.rules;
