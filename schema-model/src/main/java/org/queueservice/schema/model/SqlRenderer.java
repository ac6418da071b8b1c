package org.queueservice.schema.model;

import org.jooq.DSLContext;
import org.jooq.QueryPart;
import org.jooq.SQLDialect;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.conf.StatementType;
import org.jooq.impl.DSL;

/**
 * Renders model statements exactly as they are executed: PostgreSQL dialect, every identifier quoted
 * (so {@code limit} and {@code key} need no special care), values inlined so that the rendered text is
 * both the executed SQL and the input of a migration's checksum.
 */
public final class SqlRenderer {

    private static final Settings SETTINGS = new Settings()
            .withStatementType(StatementType.STATIC_STATEMENT)
            .withRenderQuotedNames(RenderQuotedNames.ALWAYS)
            .withRenderSchema(false);

    private static final DSLContext RENDERER = DSL.using(SQLDialect.POSTGRES, SETTINGS);

    private SqlRenderer() {
    }

    public static String render(QueryPart part) {
        return RENDERER.renderInlined(part);
    }
}
