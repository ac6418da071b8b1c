/**
 * The tenant-isolation attacks: what a login that is only in the service role tries against two tenants'
 * rows, on every table with {@code tenant_id}, every view it can read and every row-returning function it
 * can call. Used by {@code review} on the scratch database a change was applied to, and by the tests of
 * the released schema, so that both run the same attacks. Uses {@code provision} (the two tenants) and
 * {@code internal}.
 */
package org.queueservice.schema.migrations.isolation;
