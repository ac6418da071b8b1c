/**
 * The audit's checks, one class per check, each declaring its id, title, section, severity and
 * remediation with {@link org.queueservice.schema.migrations.audit.checks.Check} and deciding its outcome
 * from an {@link org.queueservice.schema.migrations.audit.checks.AuditContext} (the database read once, the
 * migration list, the rollback rehearsal); {@link org.queueservice.schema.migrations.audit.checks.AuditChecks}
 * lists them in report order. Checks that need only the migration list run without a database.
 */
package org.queueservice.schema.migrations.audit.checks;
