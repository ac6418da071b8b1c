/** Scratch databases and login roles on a test server (a local PostgreSQL or a Testcontainers one), for tests and generation, and the audit's scratch database on the audited server. */
package org.queueservice.schema.migrations.provision;
