/**
 * {@code queue-schema review}: the migrations a change adds, reviewed before they run. Selects the new
 * versions (against a git revision, a database, or both), renders their statements with the deployment's
 * settings, reads each one's lock and cost, runs the hazard rules of {@code review.rules}, and with a
 * database adds table sizes, lock-time estimates, data checks and drift; with a revision, the change to the
 * generated API. Renders Markdown, JSON and GitHub annotations apart from the rules. Only reads the
 * reviewed database (drift migrates a scratch one); with a database, {@code review.trace} applies the change to
 * a scratch database and the rules decided there join the hazards; with a revision, each released version's
 * rendering is compared with the base's record of it (QS230). Uses {@code catalog}, {@code internal},
 * {@code provision}, {@code security}, {@code history} (drift's scratch database is migrated as migrate does) and
 * {@code generate} (where the released checksums and scripts are kept).
 */
package org.queueservice.schema.migrations.review;
