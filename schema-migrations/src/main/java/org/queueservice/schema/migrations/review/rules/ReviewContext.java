package org.queueservice.schema.migrations.review.rules;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.queueservice.schema.model.DatabaseRoles;

/**
 * What the rules look at: the statements of the versions under review, in the order they run, after
 * those of every version before them; the deployment's roles; and, with {@code --url}, the live database.
 * A table is "existing" for a statement unless a reviewed statement before it created it: only existing
 * tables hold rows that a lock or a scan makes the service wait for.
 */
public final class ReviewContext {

    private static final Pattern TYPE_END = Pattern.compile(
            " (not null|null|default|constraint|primary key|references|unique|check|collate|using|generated)\\b.*$");

    private final List<ReviewedStatement> history;
    private final List<ReviewedStatement> reviewed;
    private final DatabaseRoles roles;
    private final LiveDatabase live;

    /**
     * @param history every statement of every version up to the newest reviewed one, in order
     * @param reviewed the statements of the versions under review, a part of {@code history}
     * @param live the database given with {@code --url}, or null
     */
    public ReviewContext(List<ReviewedStatement> history, List<ReviewedStatement> reviewed, DatabaseRoles roles, LiveDatabase live) {
        this.history = List.copyOf(history);
        this.reviewed = List.copyOf(reviewed);
        this.roles = roles;
        this.live = live;
    }

    public List<ReviewedStatement> statements() {
        return reviewed;
    }

    public DatabaseRoles roles() {
        return roles;
    }

    public Optional<LiveDatabase> live() {
        return Optional.ofNullable(live);
    }

    /** The reviewed actions of these kinds, in order. */
    public List<StatementAction> actions(ActionKind... kinds) {
        Set<ActionKind> wanted = Set.copyOf(Arrays.asList(kinds));
        return reviewed.stream().flatMap(s -> s.actions().stream().filter(a -> wanted.contains(a.kind()))
                .map(a -> new StatementAction(s, a))).toList();
    }

    /** The reviewed actions of these kinds on tables that existed before the statement. */
    public List<StatementAction> onExistingTables(ActionKind... kinds) {
        return actions(kinds).stream().filter(a -> a.action().table() != null && existing(a.action().table(), a.statement())).toList();
    }

    /**
     * Whether {@code table} existed before {@code at}: no reviewed statement before it created the table. A
     * {@code CREATE TABLE IF NOT EXISTS} of a table an earlier version created creates nothing.
     */
    public boolean existing(String table, ReviewedStatement at) {
        for (ReviewedStatement statement : reviewed) {
            if (statement == at) {
                return true;
            }
            if (statement.actions().stream().anyMatch(a -> a.kind() == ActionKind.CREATE_TABLE && table.equals(a.table()) && creates(a))) {
                return false;
            }
        }
        return true;
    }

    /** Whether a reviewed CREATE TABLE creates its table: not when it says IF NOT EXISTS of one the released versions created. */
    public boolean creates(Action createTable) {
        return !(createTable.clause().matches("^create (\\w+ )*table if not exists .*") && existedAtBase(createTable.table()));
    }

    /** Whether the released versions, those before the reviewed ones, leave {@code table} in place. */
    private boolean existedAtBase(String table) {
        boolean exists = false;
        for (ReviewedStatement statement : history) {
            if (reviewed.contains(statement)) {
                break;
            }
            for (Action action : statement.actions()) {
                if (table.equals(action.table()) && (action.kind() == ActionKind.CREATE_TABLE || action.kind() == ActionKind.DROP_TABLE)) {
                    exists = action.kind() == ActionKind.CREATE_TABLE;
                }
            }
        }
        return exists;
    }

    /** The actions of every version's statements before {@code at}, released ones first: what the base holds when {@code at} runs. */
    public List<StatementAction> before(ReviewedStatement at) {
        List<StatementAction> actions = new ArrayList<>();
        for (ReviewedStatement statement : history) {
            if (statement == at) {
                break;
            }
            statement.actions().forEach(a -> actions.add(new StatementAction(statement, a)));
        }
        return actions;
    }

    /** The type an ADD COLUMN clause gives its column, e.g. {@code positive_int}. */
    static String columnType(String addColumnClause) {
        return TYPE_END.matcher(addColumnClause.replaceFirst("^add (column )?(if not exists )?(\"(?:[^\"]|\"\")*\"|\\S+) ", "")).replaceFirst("").trim();
    }

    /**
     * Whether {@code type} is a domain with a constraint (CHECK or NOT NULL) before {@code at}: created or altered so by an
     * earlier statement, or so in the live database.
     */
    boolean constrainedDomain(String type, ReviewedStatement at) throws SQLException {
        String domain = SqlText.unqualified(type);
        for (StatementAction a : before(at)) {
            if ((a.action().kind() == ActionKind.CREATE_DOMAIN || a.action().kind() == ActionKind.ALTER_DOMAIN) && domain.equals(a.action().object())
                    && a.action().clause().matches(".* (check ?\\(|not null|constraint ).*")) {
                return true;
            }
        }
        return live != null && live.domainHasConstraints(domain);
    }

    /**
     * The volatility ({@code volatile}, {@code stable}, {@code immutable}) of a function a version created before {@code at},
     * volatile unless its CREATE FUNCTION says otherwise; else, with {@code --url}, of a function of that name outside
     * pg_catalog in the live database. Empty for a function neither knows: a built-in or an extension's, which
     * QS107 judges.
     */
    Optional<String> userFunctionVolatility(String function, ReviewedStatement at) throws SQLException {
        Optional<String> declared = Optional.empty();
        for (StatementAction a : before(at)) {
            if (a.action().kind() == ActionKind.CREATE_FUNCTION && function.equals(a.action().object())) {
                List<String> words = SqlText.topLevelWords(a.action().clause());
                declared = Optional.of(words.contains("immutable") ? "immutable" : words.contains("stable") ? "stable" : "volatile");
            }
        }
        return declared.isPresent() || live == null ? declared : live.functionVolatility(function);
    }

    /** Whether a reviewed statement before {@code at} created the index: dropping it again concerns no live table. */
    public boolean indexCreatedInReview(String index, ReviewedStatement at) {
        return createdInReview(ActionKind.CREATE_INDEX, index, at, Action::object);
    }

    private boolean createdInReview(ActionKind kind, String name, ReviewedStatement at, Function<Action, String> named) {
        for (ReviewedStatement statement : reviewed) {
            if (statement == at) {
                return false;
            }
            if (statement.actions().stream().anyMatch(a -> a.kind() == kind && name.equals(named.apply(a)))) {
                return true;
            }
        }
        return false;
    }

    /** Whether reviewed statement {@code a} runs before {@code b}. */
    public boolean runsBefore(ReviewedStatement a, ReviewedStatement b) {
        return reviewed.indexOf(a) < reviewed.indexOf(b);
    }

    /** The table of an index: from the statement that created it in an earlier version, else from the live database. */
    public Optional<String> tableOfIndex(String index, ReviewedStatement at) throws SQLException {
        for (ReviewedStatement statement : history) {
            if (statement == at) {
                break;
            }
            for (Action action : statement.actions()) {
                if (action.kind() == ActionKind.CREATE_INDEX && index.equals(action.object())) {
                    return Optional.of(action.table());
                }
            }
        }
        return live == null ? Optional.empty() : live.tableOfIndex(index);
    }

    /** The reviewed actions that run after {@code action}'s statement, in the same version. */
    public List<StatementAction> laterInVersion(StatementAction action) {
        List<ReviewedStatement> rest = reviewed.subList(reviewed.indexOf(action.statement()) + 1, reviewed.size());
        return rest.stream().filter(s -> s.migration() == action.statement().migration())
                .flatMap(s -> s.actions().stream().map(a -> new StatementAction(s, a))).toList();
    }

    /** The reviewed actions that run after {@code action}'s statement, in any reviewed version. */
    public List<StatementAction> laterInReview(StatementAction action) {
        List<ReviewedStatement> rest = reviewed.subList(reviewed.indexOf(action.statement()) + 1, reviewed.size());
        return rest.stream().flatMap(s -> s.actions().stream().map(a -> new StatementAction(s, a))).toList();
    }

    /**
     * The type {@code table.column} was last given before {@code at}, read from the statements of every
     * earlier version (CREATE TABLE, ADD COLUMN, ALTER COLUMN TYPE), e.g. {@code varchar(255)}.
     */
    public Optional<String> declaredType(String table, String column, ReviewedStatement at) {
        String type = null;
        for (ReviewedStatement statement : history) {
            if (statement == at) {
                break;
            }
            for (Action action : statement.actions()) {
                if (!table.equals(action.table())) {
                    continue;
                }
                if (action.kind() == ActionKind.CREATE_TABLE) {
                    int open = action.clause().indexOf('(');
                    String columns = action.clause().substring(open + 1, SqlText.closing(action.clause(), open) - 1);
                    for (String definition : SqlText.splitTopLevel(columns)) {
                        type = typeIfNamed(definition, column).orElse(type);
                    }
                } else if (action.kind() == ActionKind.ADD_COLUMN && column.equals(action.object())) {
                    type = typeIfNamed(action.clause().replaceFirst("^add (column )?(if not exists )?", ""), column).orElse(type);
                } else if (action.kind() == ActionKind.ALTER_TYPE && column.equals(action.object())) {
                    type = newType(action.clause());
                }
            }
        }
        return Optional.ofNullable(type);
    }

    /** The type an ALTER COLUMN ... TYPE clause gives, e.g. {@code varchar(100)}. */
    public static String newType(String alterTypeClause) {
        return TYPE_END.matcher(alterTypeClause.replaceFirst("^alter (column )?\\S+ (set data )?type ", "")).replaceFirst("").trim();
    }

    private static Optional<String> typeIfNamed(String definition, String column) {
        Matcher m = Pattern.compile("^" + Pattern.quote(column) + " (.+)$").matcher(definition.trim());
        return m.find() ? Optional.of(TYPE_END.matcher(m.group(1)).replaceFirst("").trim()) : Optional.empty();
    }
}
