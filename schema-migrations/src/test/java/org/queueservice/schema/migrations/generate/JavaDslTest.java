package org.queueservice.schema.migrations.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.queueservice.schema.model.TableDefinition;

class JavaDslTest {

    private static final Field<String> STATUS =
            DSL.field(DSL.name("status"), SQLDataType.VARCHAR(50).notNull().defaultValue(DSL.inline("pending")));

    @Test
    void writesModelColumnsWithTheirSqlDataTypeConstantsDefaultsAndNullability() {
        assertThat(JavaDsl.column(STATUS))
                .isEqualTo("field(name(\"status\"), VARCHAR(50).notNull().defaultValue(inline(\"pending\")))");
        assertThat(JavaDsl.column(DSL.field(DSL.name("data"), SQLDataType.JSONB.notNull().defaultValue(DSL.inline(JSONB.valueOf("{}"))))))
                .isEqualTo("field(name(\"data\"), JSONB.notNull().defaultValue(inline(org.jooq.JSONB.valueOf(\"{}\"))))");
        assertThat(JavaDsl.column(TableDefinition.CREATED_AT))
                .isEqualTo("field(name(\"created_at\"), TIMESTAMPWITHTIMEZONE.notNull().defaultValue(currentOffsetDateTime()))");
        assertThat(JavaDsl.column(DSL.field(DSL.name("refill_rate"), SQLDataType.NUMERIC(10, 2).notNull())))
                .isEqualTo("field(name(\"refill_rate\"), NUMERIC(10, 2).notNull())");
        assertThat(JavaDsl.column(TableDefinition.ID)).isEqualTo("field(name(\"id\"), UUID.notNull().defaultValue(uuid()))");
    }

    @Test
    void writesTheModelsConditionsAsDsl() {
        Field<BigDecimal> tokens = DSL.field(DSL.name("tokens_available"), SQLDataType.NUMERIC(10, 2));
        Field<Integer> bucket = DSL.field(DSL.name("bucket_size"), SQLDataType.INTEGER);
        assertThat(JavaDsl.condition(tokens.between(DSL.inline(BigDecimal.ZERO), bucket.cast(SQLDataType.NUMERIC(10, 2))))).isEqualTo("field(name(\"tokens_available\"), NUMERIC(10, 2))"
                + ".between(inline(new java.math.BigDecimal(\"0\")), field(name(\"bucket_size\"), INTEGER).cast(NUMERIC(10, 2)))");
        assertThat(JavaDsl.condition(DSL.not(DSL.condition(DSL.field(DSL.name("acknowledged"), SQLDataType.BOOLEAN)))))
                .isEqualTo("not(condition(field(name(\"acknowledged\"), BOOLEAN)))");
        assertThat(JavaDsl.condition(STATUS.in(DSL.inline("a"), DSL.inline("b"))
                .and(DSL.field(DSL.name("error"), SQLDataType.CLOB).isNull())))
                .isEqualTo("field(name(\"status\"), VARCHAR(50)).in(inline(\"a\"), inline(\"b\")).and(field(name(\"error\"), CLOB).isNull())");
    }

    @Test
    void writesCatalogTypesAndExpressionsAndKeepsPostgresTextWhereItCannotParseIt() {
        assertThat(JavaDsl.catalogType("character varying(255)")).isEqualTo("VARCHAR(255)");
        assertThat(JavaDsl.catalogType("numeric(10,2)")).isEqualTo("NUMERIC(10, 2)");
        assertThat(JavaDsl.catalogType("integer")).isEqualTo("INTEGER");
        assertThat(JavaDsl.catalogType("timestamp with time zone")).isEqualTo("TIMESTAMPWITHTIMEZONE");
        assertThat(JavaDsl.catalogType("text")).isEqualTo("CLOB");
        assertThat(JavaDsl.catalogDefault("0", "integer")).isEqualTo("inline(0)");
        assertThat(JavaDsl.catalogDefault("0", "bigint")).isEqualTo("inline(0L)");
        assertThat(JavaDsl.catalogDefault("'pending'::character varying", "character varying(50)")).isEqualTo("inline(\"pending\")");
        assertThat(JavaDsl.catalogDefault("'{}'::jsonb", "jsonb")).isEqualTo("inline(org.jooq.JSONB.valueOf(\"{}\"))");
        assertThat(JavaDsl.catalogDefault("CURRENT_TIMESTAMP", "timestamp with time zone")).isEqualTo("currentOffsetDateTime()");
        assertThat(JavaDsl.catalogDefault("gen_random_uuid()", "uuid")).isEqualTo("uuid()");
        assertThat(JavaDsl.catalogCondition("(\"priority\" >= 0)")).isEqualTo("field(name(\"priority\"), OTHER).ge(inline(0L))");
        assertThat(JavaDsl.catalogCondition("(x @@@ y)")).isEqualTo("condition(\"(x @@@ y)\")");
    }

    @Test
    void refusesWhatItCannotWriteInsteadOfGuessing() {
        assertThatThrownBy(() -> JavaDsl.condition(DSL.condition("now() > {0}", TableDefinition.CREATED_AT)))
                .isInstanceOf(UnsupportedChange.class)
                .hasMessageContaining("cannot be written as jOOQ DSL by the generator; write this migration by hand");
    }

    @Test
    void escapesStringsForJavaSource() {
        assertThat(JavaDsl.string("it's a \"quote\" and a \\ and\na newline")).isEqualTo("\"it's a \\\"quote\\\" and a \\\\ and\\na newline\"");
    }
}
