/**
 * The reviewed versions applied to a scratch database built at the base and watched there: each statement's
 * locks ({@code pg_locks}), rewrites (relfilenode), rows removed or changed per tenant and failure; each
 * version's catalog changes, security-surface changes against the isolation contract and the isolation
 * attacks that get through after it. The rules decided on those facts (QS130 to QS134, QS220) live here too,
 * one per file. Uses {@code provision}, {@code history} (to migrate the scratch database to the base), {@code catalog},
 * {@code security}, {@code isolation} and {@code internal}.
 */
package org.queueservice.schema.migrations.review.trace;
