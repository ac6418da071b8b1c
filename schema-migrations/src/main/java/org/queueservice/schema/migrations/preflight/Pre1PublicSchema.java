package org.queueservice.schema.migrations.preflight;

import java.util.List;

/**
 * The queue tables live in schema public. The released versions grant the two roles their tables but no
 * USAGE on a schema (public grants it to everyone), so in another schema the service would see no table;
 * and the tables are named without a schema, so every command must resolve them where migrate made them.
 * Supporting another schema is decided against for now; docs/design.md says what it would take.
 */
final class Pre1PublicSchema implements PreflightRule {

    static final String SCHEMA = "public";

    @Override
    public String code() {
        return "PRE1";
    }

    @Override
    public List<String> refusals(PreflightFacts facts) {
        return refusals(facts.schema());
    }

    /** For {@code current_schema()} alone: what rollback and the audit check. */
    static List<String> refusals(String schema) {
        if (schema == null) {
            return List.of("the schema the connection asks for (currentSchema in the URL) does not exist; queue-schema uses "
                    + "schema " + SCHEMA);
        }
        if (!schema.equals(SCHEMA)) {
            return List.of("the connection's schema is " + schema + "; queue-schema supports only schema " + SCHEMA
                    + ": another schema needs the roles' USAGE on it (a new version), Flyway's history, the generated code and "
                    + "every command's search_path to follow it, which queue-schema does not do (docs/design.md, \"Schemas other than public\"): "
                    + "drop currentSchema from the URL");
        }
        return List.of();
    }
}
