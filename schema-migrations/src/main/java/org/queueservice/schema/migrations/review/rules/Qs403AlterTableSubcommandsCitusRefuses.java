package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

@Rule(code = "QS403", severity = Severity.ERROR, title = "ALTER TABLE whose subcommands Citus needs one per statement",
        explanation = "Measured on Citus 13.2, on a distributed table and on the reference table alike: an ALTER TABLE that adds a "
                + "table constraint (CHECK, FOREIGN KEY, UNIQUE, PRIMARY KEY, EXCLUDE, also NOT VALID or USING INDEX) together with "
                + "any other subcommand fails with `cannot execute ADD CONSTRAINT command with other subcommands` (SQLSTATE 0A000); "
                + "one that adds a column with an unnamed inline CHECK, REFERENCES, UNIQUE or PRIMARY KEY together with any other "
                + "subcommand fails with `cannot execute ADD COLUMN command with PRIMARY KEY, UNIQUE, FOREIGN and CHECK "
                + "constraints` (0A000); and one that adds a column with a named inline REFERENCES together with another subcommand "
                + "crashes the worker applying it to a shard (signal 11), which ends every session on that worker. Several ADD "
                + "COLUMN, ALTER COLUMN, DROP, VALIDATE, ENABLE or FORCE subcommands, and a named inline CHECK, are accepted together.",
        safeAlternative = "One ALTER TABLE per added constraint, and a column's constraint added by name after the column: "
                + "`ALTER TABLE t ADD COLUMN c int; ALTER TABLE t ADD CONSTRAINT t_c_check CHECK (c > 0) NOT VALID;`.")
final class Qs403AlterTableSubcommandsCitusRefuses implements HazardRule {

    private static final Pattern ALTER_TABLE = Pattern.compile("^alter table (?:if exists )?(?:only )?" + Action.NAME + " ?\\*? (.*)$");
    private static final Pattern ADD_CONSTRAINT = Pattern.compile("^add (?:constraint " + Action.NAME
            + " )?(check|foreign key|unique|primary key|exclude)\\b");
    private static final Pattern ADD_COLUMN = Pattern.compile("^add (?:column )?(?:if not exists )?" + Action.NAME + " ");
    /** The keywords that start an inline constraint Citus judges: each word of the definition outside parentheses. */
    private static final List<String> INLINE_CONSTRAINTS = List.of("check", "references", "unique", "primary");

    @Override
    public List<Finding> find(ReviewContext context) throws SQLException {
        List<Finding> findings = new ArrayList<>();
        for (ReviewedStatement statement : context.statements()) {
            SqlStatements.Statement parsed = SqlStatements.split(statement.sql()).get(0);
            Matcher m;
            if (!StatementCommand.of(parsed).equals("alter table") || !(m = ALTER_TABLE.matcher(parsed.normalized())).find()) {
                continue;
            }
            String table = Action.name(m.group(1));
            List<String> subcommands = SqlText.splitTopLevel(m.group(2));
            if (subcommands.size() < 2 || !CitusTables.held(context, table, statement)) {
                continue;
            }
            subcommands.stream().map(Qs403AlterTableSubcommandsCitusRefuses::refusal).flatMap(Optional::stream).findFirst()
                    .ifPresent(refusal -> findings.add(new Finding(statement, "ALTER TABLE " + table + " with " + subcommands.size()
                            + " subcommands: " + refusal)));
        }
        return findings;
    }

    /** What Citus does with this subcommand beside others, when it does not take it. */
    private static Optional<String> refusal(String subcommand) {
        Matcher m;
        if ((m = ADD_CONSTRAINT.matcher(subcommand)).find()) {
            return Optional.of("Citus refuses ADD CONSTRAINT " + (m.group(1) == null ? "" : Action.name(m.group(1)) + " ")
                    + "with other subcommands");
        }
        if ((m = ADD_COLUMN.matcher(subcommand)).find()) {
            List<String> words = SqlText.topLevelWords(subcommand.substring(m.end()));
            for (int i = 0; i < words.size(); i++) {
                if (!INLINE_CONSTRAINTS.contains(words.get(i))) {
                    continue;
                }
                boolean named = i >= 1 && words.get(i - 1).equals("constraint") || i >= 2 && words.get(i - 2).equals("constraint");
                String column = Action.name(m.group(1));
                if (!named) {
                    return Optional.of("Citus refuses ADD COLUMN " + column + " with an unnamed " + constraint(words.get(i))
                            + " beside other subcommands");
                }
                if (words.get(i).equals("references")) {
                    return Optional.of("ADD COLUMN " + column + " with a named REFERENCES beside other subcommands crashes a Citus worker");
                }
            }
        }
        return Optional.empty();
    }

    private static String constraint(String keyword) {
        return keyword.equals("primary") ? "PRIMARY KEY" : keyword.toUpperCase(Locale.ROOT);
    }
}
