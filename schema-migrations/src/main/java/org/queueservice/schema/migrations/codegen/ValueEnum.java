package org.queueservice.schema.migrations.codegen;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jooq.Field;
import org.jooq.meta.jaxb.ForcedType;
import org.queueservice.schema.model.AlertHistory;
import org.queueservice.schema.model.Jobs;
import org.queueservice.schema.model.QueueSchema;
import org.queueservice.schema.model.TenantTable;

/**
 * A list of values that a CHECK constraint of the model allows, generated as a Java enum that the
 * generated classes use for the constrained columns (a jOOQ forced type with an enum converter). The
 * enum is written from the same model list the constraint is built from, so the two cannot drift, and
 * a value the database would refuse does not compile in the service.
 */
record ValueEnum(String className, String meaning, String modelList, List<String> values, List<Column> columns) {

    /** Package of the enums, next to the jOOQ classes that use them. */
    static final String PACKAGE = CodeGeneration.PACKAGE + ".enums";

    /** Every constrained column the service reads or writes by value. */
    static final List<ValueEnum> ALL = List.of(
            // critical_jobs.status is checked against the same list as jobs.status, hence one enum.
            new ValueEnum("JobStatus", "Where a job or a critical job is in its life cycle", "Jobs.STATUSES", Jobs.STATUSES,
                    List.of(new Column(QueueSchema.JOBS, QueueSchema.JOBS.status),
                            new Column(QueueSchema.CRITICAL_JOBS, QueueSchema.CRITICAL_JOBS.status))),
            new ValueEnum("AlertSeverity", "How urgent an alert is", "AlertHistory.SEVERITIES", AlertHistory.SEVERITIES,
                    List.of(new Column(QueueSchema.ALERT_HISTORY, QueueSchema.ALERT_HISTORY.severity))));

    /** A column of a model table. */
    record Column(TenantTable table, Field<?> field) {
        String qualifiedName() {
            return table.tableName() + "." + field.getName();
        }
    }

    String qualifiedClassName() {
        return PACKAGE + "." + className;
    }

    /** Makes jOOQ type the columns with this enum; values map to and from their database text. */
    ForcedType forcedType() {
        // Matched against the column's name with or without its schema.
        String names = columns.stream().map(c -> c.qualifiedName().replace(".", "\\.")).collect(Collectors.joining("|"));
        return new ForcedType()
                .withUserType(qualifiedClassName())
                .withEnumConverter(true)
                .withIncludeExpression("(.*\\.)?(" + names + ")");
    }

    /** The enum's source: one constant per value, in the model's order, each carrying its database text. */
    String source() {
        String constants = values.stream()
                .map(value -> "    " + value.toUpperCase(Locale.ROOT) + "(\"" + value + "\")")
                .collect(Collectors.joining(",\n"));
        String columnList = columns.stream().map(Column::qualifiedName).collect(Collectors.joining(", "));
        return """
                package %s;

                import org.jooq.EnumType;

                /**
                 * %s: the values that the CHECK constraints of %s accept.
                 * Generated from the schema model's {@code %s} by {@code mvn generate-sources}; do not edit.
                 */
                public enum %s implements EnumType {

                %s;

                    private final String literal;

                    %s(String literal) {
                        this.literal = literal;
                    }

                    /** The value as the database stores it. */
                    @Override
                    public String getLiteral() {
                        return literal;
                    }

                    /** None: the column is text with a CHECK constraint, not a PostgreSQL enum type. */
                    @Override
                    public String getName() {
                        return null;
                    }
                }
                """.formatted(PACKAGE, meaning, columnList, modelList, className, constants, className);
    }
}
