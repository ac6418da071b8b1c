package org.queueservice.schema.migrations.review.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one call sends, split into statements and tokens the way PostgreSQL's lexer reads it: {@code --} and
 * nested {@code /* *}{@code /} comments, string constants with {@code ''} and {@code E'\''} escapes,
 * dollar-quoted bodies ({@code $$...$$}, {@code $tag$...$tag$}), double-quoted identifiers, any white space,
 * and {@code ;} between statements (never inside a string, a comment, parentheses or a {@code BEGIN ATOMIC}
 * body). A text that ends inside a string or comment is read to its end, as the server would refuse it anyway.
 */
public final class SqlStatements {

    public enum TokenType {
        /** A keyword or an unquoted identifier: {@link Token#value()} folded to lower case, as PostgreSQL folds it. */
        WORD,
        /** A double-quoted identifier: its value as written, case kept. */
        QUOTED_NAME,
        /** A string constant of any spelling: its value, escapes resolved. */
        STRING,
        NUMBER,
        /** Punctuation and operators: {@code ( ) , . :: = <>} and the like. */
        SYMBOL,
        /** A positional parameter, {@code $1}. */
        PARAMETER
    }

    /**
     * @param value what the token means (see {@link TokenType})
     * @param spaceBefore whether white space or a comment separates it from the token before
     * @param offset where it starts in the text that was split
     */
    public record Token(TokenType type, String value, boolean spaceBefore, int offset) {

        public boolean isWord(String word) {
            return type == TokenType.WORD && value.equals(word);
        }

        public boolean isSymbol(String symbol) {
            return type == TokenType.SYMBOL && value.equals(symbol);
        }

        /** A name as PostgreSQL resolves it: a word or a quoted name; null for any other token. */
        public String name() {
            return type == TokenType.WORD || type == TokenType.QUOTED_NAME ? value : null;
        }

        /** The token in canonical form: words lower case, a quoted name bare when quoting changes nothing, strings in '' form. */
        String canonical() {
            return switch (type) {
                case QUOTED_NAME -> value.matches("[a-z_][a-z0-9_$]*") ? value : "\"" + value.replace("\"", "\"\"") + "\"";
                case STRING -> "'" + value.replace("'", "''") + "'";
                default -> value;
            };
        }
    }

    /**
     * One statement.
     *
     * @param text its text as sent, the comments before it included, without the {@code ;} that ends it
     * @param offset where its first token starts in the text that was split
     */
    public record Statement(String text, int offset, List<Token> tokens) {

        public Statement {
            tokens = List.copyOf(tokens);
        }

        /**
         * The canonical form the rules read: comments gone, each run of white space or comments one space, words
         * folded to lower case, quotes kept only where they matter ({@code "Jobs"}, {@code "my table"}), every
         * string constant, dollar-quoted bodies included, written {@code '...'} with {@code ''} escapes.
         */
        public String normalized() {
            StringBuilder out = new StringBuilder();
            for (Token token : tokens) {
                if (token.spaceBefore() && out.length() > 0) {
                    out.append(' ');
                }
                out.append(token.canonical());
            }
            return out.toString();
        }

        /** The leading words (keywords), up to {@code n}, as lower case; stops at the first token that is not a word. */
        public List<String> leadingWords(int n) {
            List<String> words = new ArrayList<>();
            for (Token token : tokens) {
                if (words.size() == n || token.type() != TokenType.WORD) {
                    break;
                }
                words.add(token.value());
            }
            return words;
        }
    }

    private final String sql;
    private int i;

    private SqlStatements(String sql) {
        this.sql = sql;
    }

    /** The statements of {@code sql}, in order; empty statements ({@code ;;}, a text of comments only) are none. */
    public static List<Statement> split(String sql) {
        return new SqlStatements(sql).statements();
    }

    private List<Statement> statements() {
        List<Statement> statements = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        int depth = 0;
        int atomic = 0; // BEGIN ATOMIC ... END of a SQL-standard function body: its ; end statements of the body
        boolean space = false;
        int start = 0; // just after the ; before: a statement's text starts with the comments that precede it
        while (true) {
            int before = i;
            skipSpaceAndComments();
            space |= i > before;
            if (i >= sql.length()) {
                break;
            }
            Token token = next(space);
            space = false;
            if (token.isSymbol(";") && depth == 0 && atomic == 0) {
                add(statements, current, start, token.offset());
                current = new ArrayList<>();
                start = i;
                continue;
            }
            if (token.isSymbol("(") || token.isSymbol("[")) {
                depth++;
            } else if (token.isSymbol(")") || token.isSymbol("]")) {
                depth = Math.max(0, depth - 1);
            } else if (token.isWord("atomic") && !current.isEmpty() && current.get(current.size() - 1).isWord("begin")) {
                atomic++;
            } else if (atomic > 0 && token.isWord("case")) {
                atomic++;
            } else if (atomic > 0 && token.isWord("end")) {
                atomic--;
            }
            current.add(token);
        }
        add(statements, current, start, sql.length());
        return statements;
    }

    private void add(List<Statement> statements, List<Token> tokens, int start, int end) {
        if (!tokens.isEmpty()) {
            statements.add(new Statement(sql.substring(start, end).strip(), tokens.get(0).offset(), tokens));
        }
    }

    private void skipSpaceAndComments() {
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (sql.startsWith("--", i)) {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? sql.length() : end + 1;
            } else if (sql.startsWith("/*", i)) {
                int nesting = 0;
                do {
                    if (sql.startsWith("/*", i)) {
                        nesting++;
                        i += 2;
                    } else if (sql.startsWith("*/", i)) {
                        nesting--;
                        i += 2;
                    } else {
                        i++;
                    }
                } while (nesting > 0 && i < sql.length());
            } else {
                return;
            }
        }
    }

    private Token next(boolean space) {
        int start = i;
        char c = sql.charAt(i);
        char after = i + 1 < sql.length() ? sql.charAt(i + 1) : 0;
        if (c == '\'') {
            return new Token(TokenType.STRING, quoted('\'', false), space, start);
        }
        if ((c == 'e' || c == 'E') && after == '\'') {
            i++;
            return new Token(TokenType.STRING, quoted('\'', true), space, start);
        }
        if ((c == 'b' || c == 'B' || c == 'x' || c == 'X' || c == 'n' || c == 'N') && after == '\'') {
            i++;
            return new Token(TokenType.STRING, quoted('\'', false), space, start);
        }
        if (c == '"') {
            return new Token(TokenType.QUOTED_NAME, quoted('"', false), space, start);
        }
        if (c == '$') {
            String tag = dollarTag();
            if (tag != null) {
                int end = sql.indexOf(tag, i + tag.length());
                String body = sql.substring(i + tag.length(), end < 0 ? sql.length() : end);
                i = end < 0 ? sql.length() : end + tag.length();
                return new Token(TokenType.STRING, body, space, start);
            }
            i++;
            while (i < sql.length() && Character.isDigit(sql.charAt(i))) {
                i++;
            }
            return new Token(TokenType.PARAMETER, sql.substring(start, i), space, start);
        }
        if (identifierStart(c)) {
            while (i < sql.length() && identifierPart(sql.charAt(i))) {
                i++;
            }
            return new Token(TokenType.WORD, sql.substring(start, i).toLowerCase(Locale.ROOT), space, start);
        }
        if (Character.isDigit(c) || c == '.' && Character.isDigit(after)) {
            while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.' && !sql.startsWith("..", i)
                    || (sql.charAt(i) == '+' || sql.charAt(i) == '-') && (sql.charAt(i - 1) == 'e' || sql.charAt(i - 1) == 'E'))) {
                i++;
            }
            return new Token(TokenType.NUMBER, sql.substring(start, i), space, start);
        }
        if (c == ':' && after == ':') {
            i += 2;
            return new Token(TokenType.SYMBOL, "::", space, start);
        }
        if ("+-*/<>=~!@#%^&|`?".indexOf(c) >= 0) {
            while (i < sql.length() && "+-*/<>=~!@#%^&|`?".indexOf(sql.charAt(i)) >= 0
                    && !sql.startsWith("--", i) && !sql.startsWith("/*", i)) {
                i++;
            }
            return new Token(TokenType.SYMBOL, sql.substring(start, i), space, start);
        }
        i++;
        return new Token(TokenType.SYMBOL, String.valueOf(c), space, start);
    }

    /** The value of the constant or name that starts at {@code i} with {@code quote}; doubled quotes are one. */
    private String quoted(char quote, boolean backslashEscapes) {
        StringBuilder value = new StringBuilder();
        i++;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (backslashEscapes && c == '\\' && i + 1 < sql.length()) {
                char escaped = sql.charAt(i + 1);
                value.append(switch (escaped) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> escaped;
                });
                i += 2;
            } else if (c == quote && i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                value.append(quote);
                i += 2;
            } else if (c == quote) {
                i++;
                return value.toString();
            } else {
                value.append(c);
                i++;
            }
        }
        return value.toString();
    }

    /** The dollar-quote delimiter that starts at {@code i} ({@code $$} or {@code $tag$}), or null for a parameter. */
    private String dollarTag() {
        int j = i + 1;
        if (j < sql.length() && identifierStart(sql.charAt(j))) {
            while (j < sql.length() && identifierPart(sql.charAt(j)) && sql.charAt(j) != '$') {
                j++;
            }
        }
        return j < sql.length() && sql.charAt(j) == '$' ? sql.substring(i, j + 1) : null;
    }

    private static boolean identifierStart(char c) {
        return Character.isLetter(c) || c == '_' || c >= 0x80;
    }

    private static boolean identifierPart(char c) {
        return identifierStart(c) || Character.isDigit(c) || c == '$';
    }
}
