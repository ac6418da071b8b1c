package org.queueservice.schema.migrations.generate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.queueservice.schema.migrations.generate.ColumnChanges.Direction;

class ColumnChangesTest {

    @Test
    void tellsAWideningThatNeedsNoRewriteFromANarrowingAndFromARewrite() {
        assertThat(ColumnChanges.compare("character varying(100)", "character varying(200)")).isEqualTo(Direction.WIDER);
        assertThat(ColumnChanges.compare("character varying(100)", "text")).isEqualTo(Direction.WIDER);
        assertThat(ColumnChanges.compare("character varying(100)", "character varying")).isEqualTo(Direction.WIDER);
        assertThat(ColumnChanges.compare("numeric(10,2)", "numeric(12,2)")).isEqualTo(Direction.WIDER);
        assertThat(ColumnChanges.compare("character varying(200)", "character varying(100)")).isEqualTo(Direction.NARROWER);
        assertThat(ColumnChanges.compare("text", "character varying(10)")).isEqualTo(Direction.NARROWER);
        assertThat(ColumnChanges.compare("numeric(12,2)", "numeric(10,2)")).isEqualTo(Direction.NARROWER);
        assertThat(ColumnChanges.compare("bigint", "integer")).isEqualTo(Direction.NARROWER);
        assertThat(ColumnChanges.compare("integer", "bigint")).isEqualTo(Direction.OTHER);
        assertThat(ColumnChanges.compare("numeric(10,2)", "numeric(10,4)")).isEqualTo(Direction.OTHER);
    }
}
