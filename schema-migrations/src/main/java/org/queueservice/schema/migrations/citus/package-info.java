/**
 * Citus: the queue's tables distributed by {@code tenant_id} on a coordinator ({@code migrate} and
 * {@code distribute}), the checks that come before, and the distribution {@code info} shows.
 */
package org.queueservice.schema.migrations.citus;
