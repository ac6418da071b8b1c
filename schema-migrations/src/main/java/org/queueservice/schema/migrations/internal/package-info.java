/**
 * Plumbing shared by the other packages, not an API: running schema steps on a connection, the schema
 * change lock, rolled-back transactions, error descriptions, the idempotence rules, building a model
 * directly. Public only so that sibling packages can reach it; nothing outside this module should.
 */
package org.queueservice.schema.migrations.internal;
