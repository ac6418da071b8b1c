package org.queueservice.schema.migrations.generate;

import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jooq.Condition;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Name;
import org.jooq.OrderField;
import org.jooq.Param;
import org.jooq.QueryPart;
import org.jooq.SortField;
import org.jooq.SortOrder;
import org.jooq.impl.DSL;
import org.jooq.impl.QOM;
import org.jooq.impl.SQLDataType;
import org.queueservice.schema.model.SqlRenderer;

/**
 * Writes jOOQ query parts of the model back as Java source: the jOOQ DSL calls that build them, with
 * literal names, types and values, so that a generated migration no longer depends on the model. It knows
 * the expressions a schema model uses (comparisons, IN, BETWEEN, NULL tests, AND/OR/NOT, casts, literals,
 * gen_random_uuid() and CURRENT_TIMESTAMP); anything else is refused with {@link UnsupportedChange}, so
 * that the generator never writes code that builds something other than the model.
 * The generated file statically imports {@code DSL.*} and {@code SQLDataType.*}.
 */
final class JavaDsl {

    /**
     * SQLDataType's constants by identity, so that a model type is written as the constant it was built
     * from; of two names for one type the SQL one wins (TIMESTAMPWITHTIMEZONE over OFFSETDATETIME).
     */
    private static final Map<DataType<?>, String> TYPE_CONSTANTS = Stream.of(SQLDataType.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && DataType.class.isAssignableFrom(f.getType()))
            .collect(Collectors.toMap(JavaDsl::constant, java.lang.reflect.Field::getName,
                    (a, b) -> a.startsWith("OFFSET") ? b : a, java.util.IdentityHashMap::new));

    private JavaDsl() {
    }

    private static DataType<?> constant(java.lang.reflect.Field f) {
        try {
            return (DataType<?>) f.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A type as PostgreSQL's format_type prints it, e.g. {@code character varying(255)}, as a jOOQ type. */
    static String catalogType(String formatType) {
        Field<?> cast = PARSER.parseField("cast(null as " + formatType + ")");
        return baseType(cast.getDataType());
    }

    /**
     * A column default as PostgreSQL prints it ({@code 0}, {@code 'pending'::character varying}) as jOOQ
     * DSL for a column of {@code formatType}: a literal becomes a literal of the column's Java type, other
     * expressions are parsed by jOOQ and written back where this class knows their parts, and anything else
     * is kept as PostgreSQL's own text.
     */
    static String catalogDefault(String sql, String formatType) {
        DataType<?> type = PARSER.parseField("cast(null as " + formatType + ")").getDataType();
        try {
            Field<?> parsed = PARSER.parseField(sql);
            Field<?> literal = parsed instanceof QOM.Cast<?> cast && cast.$field() instanceof Param<?> ? cast.$field() : parsed;
            if (literal instanceof Param<?> param) {
                return "inline(" + literal(type.convert(param.getValue())) + ")";
            }
            return expression(parsed);
        } catch (UnsupportedChange | org.jooq.impl.ParserException | org.jooq.exception.DataTypeException e) {
            return "field(" + string(sql) + ", " + baseType(type) + ")";
        }
    }

    /** A condition as PostgreSQL prints it (a CHECK, an index predicate): see {@link #catalogDefault}. */
    static String catalogCondition(String sql) {
        try {
            return condition(PARSER.parseCondition(sql));
        } catch (UnsupportedChange | org.jooq.impl.ParserException e) {
            return "condition(" + string(sql) + ")";
        }
    }

    private static final org.jooq.Parser PARSER = DSL.using(org.jooq.SQLDialect.POSTGRES).parser();

    static String name(Name name) {
        return "name(" + Stream.of(name.getName()).map(JavaDsl::string).collect(Collectors.joining(", ")) + ")";
    }

    static String names(List<Name> names) {
        return names.stream().map(JavaDsl::name).collect(Collectors.joining(", "));
    }

    /** Column names as PostgreSQL reports them, as jOOQ names. */
    static String columnNames(List<String> columns) {
        return names(columns.stream().map(DSL::name).toList());
    }

    static String string(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return out.append('"').toString();
    }

    /** {@code VARCHAR(255).notNull().defaultValue(inline("pending"))}. */
    static String type(DataType<?> type) {
        StringBuilder out = new StringBuilder(baseType(type));
        if (!type.nullable()) {
            out.append(".notNull()");
        }
        if (type.defaulted()) {
            out.append(".defaultValue(").append(expression(type.default_())).append(')');
        }
        return out.toString();
    }

    /** The type without nullability or default: {@code VARCHAR(255)}, {@code NUMERIC(10, 2)}, {@code INTEGER}. */
    static String baseType(DataType<?> type) {
        String constant = TYPE_CONSTANTS.get(type.getSQLDataType());
        if (constant == null) {
            throw new UnsupportedChange("type " + type.getCastTypeName() + " has no SQLDataType constant");
        }
        if (type.hasLength() && type.length() > 0) {
            return constant + "(" + type.length() + ")";
        }
        boolean decimal = type.getSQLDataType() == SQLDataType.NUMERIC || type.getSQLDataType() == SQLDataType.DECIMAL;
        if (decimal && type.hasPrecision() && type.precision() > 0) {
            return constant + "(" + type.precision() + (type.hasScale() ? ", " + type.scale() : "") + ")";
        }
        return constant;
    }

    /** A column declaration: {@code field(name("priority"), INTEGER.notNull().defaultValue(inline(0)))}. */
    static String column(Field<?> column) {
        return "field(" + name(column.getUnqualifiedName()) + ", " + type(column.getDataType()) + ")";
    }

    /** A column reference in an expression, typed so that comparisons keep their Java types. */
    static String reference(Field<?> column) {
        return "field(" + name(column.getUnqualifiedName()) + ", " + baseType(column.getDataType()) + ")";
    }

    static String orderField(OrderField<?> key) {
        if (key instanceof SortField<?> sort) {
            String field = "field(" + name(DSL.name(sort.getName())) + ")";
            return sort.getOrder() == SortOrder.DESC ? field + ".desc()" : field;
        }
        return "field(" + name(((Field<?>) key).getUnqualifiedName()) + ")";
    }

    static String orderFields(List<? extends OrderField<?>> keys) {
        return keys.stream().map(JavaDsl::orderField).collect(Collectors.joining(", "));
    }

    static String condition(Condition condition) {
        if (condition instanceof QOM.And and) {
            return condition(and.$arg1()) + ".and(" + condition(and.$arg2()) + ")";
        }
        if (condition instanceof QOM.Or or) {
            return condition(or.$arg1()) + ".or(" + condition(or.$arg2()) + ")";
        }
        if (condition instanceof QOM.Not not) {
            return "not(" + condition(not.$condition()) + ")";
        }
        if (condition instanceof QOM.FieldCondition field) {
            return "condition(" + expression(field.$field()) + ")";
        }
        if (condition instanceof QOM.IsNull isNull) {
            return expression(isNull.$field()) + ".isNull()";
        }
        if (condition instanceof QOM.IsNotNull isNotNull) {
            return expression(isNotNull.$field()) + ".isNotNull()";
        }
        if (condition instanceof QOM.InList<?> in) {
            return expression(in.$field()) + ".in(" + in.$list().stream().map(JavaDsl::expression)
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (condition instanceof QOM.Between<?> between && !between.$symmetric()) {
            return expression(between.$arg1()) + ".between(" + expression(between.$arg2()) + ", "
                    + expression(between.$arg3()) + ")";
        }
        String comparison = condition instanceof QOM.Eq<?> ? "eq" : condition instanceof QOM.Ne<?> ? "ne"
                : condition instanceof QOM.Gt<?> ? "gt" : condition instanceof QOM.Ge<?> ? "ge"
                : condition instanceof QOM.Lt<?> ? "lt" : condition instanceof QOM.Le<?> ? "le" : null;
        if (comparison != null) {
            QOM.CompareCondition<?, ?> compare = (QOM.CompareCondition<?, ?>) condition;
            return expression(compare.$arg1()) + "." + comparison + "(" + expression(compare.$arg2()) + ")";
        }
        throw unsupported(condition);
    }

    static String expression(Field<?> field) {
        if (field instanceof Param<?> param) {
            return "inline(" + literal(param.getValue()) + ")";
        }
        if (field instanceof QOM.Uuid) {
            return "uuid()";
        }
        if (field instanceof QOM.CurrentTimestamp<?>
                || SqlRenderer.render(field).equals(SqlRenderer.render(DSL.currentOffsetDateTime()))) {
            return "currentOffsetDateTime()";
        }
        if (field instanceof QOM.Cast<?> cast) {
            return expression(cast.$field()) + ".cast(" + baseType(cast.getDataType()) + ")";
        }
        if (field instanceof org.jooq.TableField<?, ?> || field.getQualifiedName().qualified() == false
                && SqlRenderer.render(field).equals(SqlRenderer.render(field.getUnqualifiedName()))) {
            return reference(field);
        }
        throw unsupported(field);
    }

    static String literal(Object value) {
        if (value instanceof String s) {
            return string(s);
        }
        if (value instanceof Integer || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Long l) {
            return l + "L";
        }
        if (value instanceof BigDecimal decimal) {
            return "new java.math.BigDecimal(" + string(decimal.toPlainString()) + ")";
        }
        if (value instanceof JSONB json) {
            return "org.jooq.JSONB.valueOf(" + string(json.data()) + ")";
        }
        if (value instanceof java.util.UUID uuid) {
            return "java.util.UUID.fromString(" + string(uuid.toString()) + ")";
        }
        throw new UnsupportedChange("literal " + value + " of " + (value == null ? "no type" : value.getClass().getName()));
    }

    private static UnsupportedChange unsupported(QueryPart part) {
        return new UnsupportedChange("`" + SqlRenderer.render(part) + "` (" + part.getClass().getSimpleName()
                + ") cannot be written as jOOQ DSL by the generator");
    }
}
