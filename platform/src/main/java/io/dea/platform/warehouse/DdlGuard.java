package io.dea.platform.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.SetStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.Statements;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.alter.AlterExpression;
import net.sf.jsqlparser.statement.alter.AlterOperation;
import net.sf.jsqlparser.statement.alter.RenameTableStatement;
import net.sf.jsqlparser.statement.comment.Comment;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.schema.CreateSchema;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.view.AlterView;
import net.sf.jsqlparser.statement.create.view.CreateView;
import net.sf.jsqlparser.statement.delete.Delete;
import net.sf.jsqlparser.statement.drop.Drop;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.merge.Merge;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.truncate.Truncate;
import net.sf.jsqlparser.statement.update.Update;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The warehouse's write gate: every SQL text an agent hands to a guarded connection is checked here
 * before DuckDB sees it. The text is split into statements by DuckDB's lexical rules
 * ({@link SqlLexer}), each statement is parsed with JSqlParser, and each is allowed only if the
 * task's {@link WriteScope} covers what it changes:
 * <ul>
 *   <li>queries run; DuckDB's own parser ({@code json_serialize_sql}) must agree the text is one
 *       SELECT with no data-modifying CTE in it, so a parser disagreement cannot pass a write off
 *       as a read;</li>
 *   <li>writes (INSERT, UPDATE, DELETE, MERGE, CREATE, COMMENT) go only to schemas the scope may
 *       write;</li>
 *   <li>destructive ones (DROP, TRUNCATE, CREATE OR REPLACE over an existing table or view, ALTER
 *       other than ADD, RENAME, DELETE or UPDATE without WHERE) also need the approval;</li>
 *   <li>SET only of progress and profiling switches;</li>
 *   <li>anything else (other SETs, USE, ATTACH, COPY, PRAGMA, INSTALL, CALL...) and anything neither parser
 *       can read as a query is refused: fail closed.</li>
 * </ul>
 * DuckDB statements JSqlParser does not know are handled narrowly: {@code EXPLAIN [ANALYZE] (opts)}
 * is judged by the statement it explains; {@code INSERT ... BY NAME} is parsed without the two
 * words (they change how columns match, not where rows go); queries with DuckDB-only clauses
 * ({@code DESCRIBE SELECT}, {@code USING SAMPLE}) pass when DuckDB's parser reads them as a SELECT.
 */
public final class DdlGuard {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DEFAULT_SCHEMA = "main";
    /** Session settings that change what DuckDB reports, never what it reads or writes. */
    private static final java.util.Set<String> SESSION_SETTINGS = java.util.Set.of("enable_progress_bar",
            "enable_progress_bar_print", "enable_profiling", "profiling_mode", "profiling_output", "profile_output");

    private final WriteScope scope;

    public DdlGuard(WriteScope scope) {
        this.scope = scope;
    }

    public WriteScope scope() {
        return scope;
    }

    /**
     * Throws {@link WriteRefusedException} unless every statement of the SQL is allowed. The
     * connection is used only to ask DuckDB's parser and catalog, never to run the SQL.
     */
    public void check(Connection raw, String sql) throws SQLException {
        if (sql == null || sql.isBlank()) {
            return; // DuckDB rejects it itself, changing nothing
        }
        List<SqlLexer.Piece> pieces;
        try {
            pieces = SqlLexer.split(sql);
        } catch (SqlLexer.LexException e) {
            throw new WriteRefusedException(sql, "it cannot be read: " + e.getMessage());
        }
        for (SqlLexer.Piece piece : pieces) {
            checkStatement(raw, piece, sql);
        }
    }

    private void checkStatement(Connection raw, SqlLexer.Piece piece, String whole) throws SQLException {
        List<SqlLexer.Token> tokens = piece.tokens();
        if (tokens.get(0).isWord("EXPLAIN")) {
            checkExplained(raw, piece, whole);
            return;
        }
        Statement statement = parse(normalized(piece));
        if (statement == null) {
            if (duckDbReadsOneSelect(raw, piece.text())) {
                return;
            }
            throw new WriteRefusedException(whole, "a statement cannot be parsed, and DuckDB does not read it as one query: "
                    + abbreviate(piece.text()));
        }
        if (statement instanceof Select) {
            if (!duckDbReadsOneSelect(raw, piece.text())) {
                throw new WriteRefusedException(whole, "JSqlParser reads a query but DuckDB does not: " + abbreviate(piece.text()));
            }
            return;
        }
        for (Change change : changes(statement, piece)) {
            allow(raw, change, whole);
        }
    }

    /** EXPLAIN ANALYZE runs its statement, so an EXPLAIN is judged by what it explains. */
    private void checkExplained(Connection raw, SqlLexer.Piece piece, String whole) throws SQLException {
        List<SqlLexer.Token> tokens = piece.tokens();
        int i = 1;
        if (i < tokens.size() && (tokens.get(i).isWord("ANALYZE") || tokens.get(i).isWord("ANALYSE"))) {
            i++;
        }
        if (i < tokens.size() && tokens.get(i).isSymbol("(")) {
            int depth = 0;
            for (; i < tokens.size(); i++) {
                depth += tokens.get(i).isSymbol("(") ? 1 : tokens.get(i).isSymbol(")") ? -1 : 0;
                if (depth == 0) {
                    i++;
                    break;
                }
            }
        }
        if (i >= tokens.size()) {
            throw new WriteRefusedException(whole, "EXPLAIN of nothing");
        }
        String inner = piece.from(tokens.get(i));
        List<SqlLexer.Piece> explained = SqlLexer.split(inner);
        if (explained.size() != 1) {
            throw new WriteRefusedException(whole, "EXPLAIN of more than one statement");
        }
        checkStatement(raw, explained.get(0), whole);
    }

    /** The statement's text for JSqlParser: DuckDB's {@code INSERT ... BY NAME} without the two words. */
    private static String normalized(SqlLexer.Piece piece) {
        List<SqlLexer.Token> tokens = piece.tokens();
        if (!tokens.get(0).isWord("INSERT")) {
            return piece.text();
        }
        int offset = -piece.start();
        int depth = 0;
        for (int i = 1; i + 1 < tokens.size(); i++) {
            SqlLexer.Token t = tokens.get(i);
            depth += t.isSymbol("(") ? 1 : t.isSymbol(")") ? -1 : 0;
            if (depth == 0 && (t.isWord("SELECT") || t.isWord("VALUES") || t.isWord("FROM") || t.isWord("WITH"))) {
                return piece.text();
            }
            if (depth == 0 && t.isWord("BY") && tokens.get(i + 1).isWord("NAME")) {
                SqlLexer.Token name = tokens.get(i + 1);
                int from = t.start() + offset;
                int to = name.start() + offset + name.text().length();
                return piece.text().substring(0, from) + " " + piece.text().substring(to);
            }
        }
        return piece.text();
    }

    /** One statement, or null when JSqlParser cannot read it as exactly one. */
    private static Statement parse(String text) {
        try {
            Statements statements = CCJSqlParserUtil.parseStatements(text);
            return statements.size() == 1 ? statements.get(0) : null;
        } catch (JSQLParserException | RuntimeException e) {
            return null;
        }
    }

    /** DuckDB's parser, without running anything: json_serialize_sql accepts only SELECT statements. */
    private static boolean duckDbReadsOneSelect(Connection raw, String text) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("SELECT json_serialize_sql(?)")) {
            ps.setString(1, text);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                JsonNode answer = JSON.readTree(rs.getString(1));
                return !answer.path("error").asBoolean(true) && answer.path("statements").size() == 1
                        && !modifiesData(answer.path("statements"));
            }
        }
    }

    /**
     * DuckDB serializes {@code WITH gone AS (DELETE ... RETURNING *) SELECT ...} as a SELECT with a
     * DELETE_QUERY_NODE inside; any node that is not a query node of a read makes it a write.
     */
    private static boolean modifiesData(JsonNode node) {
        if (node.isObject()) {
            String type = node.path("type").isString() ? node.path("type").asString() : "";
            if (type.endsWith("_QUERY_NODE") || type.startsWith("INSERT") || type.startsWith("UPDATE")
                    || type.startsWith("DELETE") || type.startsWith("MERGE")) {
                return true;
            }
        }
        for (JsonNode child : node) {
            if (modifiesData(child)) {
                return true;
            }
        }
        return false;
    }

    /** What a statement changes: an object in a schema, and whether the change destroys something. */
    record Change(String what, String catalog, String schema, String name, Destruction destruction) {
    }

    enum Destruction { NONE, REPLACE_IF_EXISTS, ALWAYS }

    private static List<Change> changes(Statement statement, SqlLexer.Piece piece) throws WriteRefusedException {
        List<Change> changes = new ArrayList<>();
        if (statement instanceof Insert insert) {
            changes.add(change("INSERT", insert.getTable(), Destruction.NONE));
        } else if (statement instanceof Update update) {
            boolean all = update.getWhere() == null;
            changes.add(change(all ? "UPDATE without WHERE" : "UPDATE", update.getTable(), all ? Destruction.ALWAYS : Destruction.NONE));
        } else if (statement instanceof Delete delete) {
            boolean all = delete.getWhere() == null;
            Destruction d = all ? Destruction.ALWAYS : Destruction.NONE;
            changes.add(change(all ? "DELETE without WHERE" : "DELETE", delete.getTable(), d));
            if (delete.getTables() != null) {
                delete.getTables().forEach(t -> changes.add(change("DELETE", t, d)));
            }
        } else if (statement instanceof Merge merge) {
            changes.add(change("MERGE", merge.getTable(), Destruction.NONE));
        } else if (statement instanceof CreateTable create) {
            changes.add(change(create.isOrReplace() ? "CREATE OR REPLACE TABLE" : "CREATE TABLE", create.getTable(),
                    create.isOrReplace() ? Destruction.REPLACE_IF_EXISTS : Destruction.NONE));
        } else if (statement instanceof CreateView create) {
            changes.add(change(create.isOrReplace() ? "CREATE OR REPLACE VIEW" : "CREATE VIEW", create.getView(),
                    create.isOrReplace() ? Destruction.REPLACE_IF_EXISTS : Destruction.NONE));
        } else if (statement instanceof AlterView alter) {
            changes.add(change("ALTER VIEW", alter.getView(), Destruction.ALWAYS));
        } else if (statement instanceof CreateSchema create) {
            changes.add(new Change("CREATE SCHEMA", null, unquote(create.getSchemaName()), null, Destruction.NONE));
        } else if (statement instanceof CreateIndex create) {
            changes.add(change("CREATE INDEX", create.getTable(), Destruction.NONE));
        } else if (statement instanceof Comment comment) {
            Table target = comment.getTable() != null ? comment.getTable()
                    : comment.getView() != null ? comment.getView()
                    : comment.getColumn() != null ? comment.getColumn().getTable() : null;
            if (target == null) {
                throw new WriteRefusedException(piece.text(), "a COMMENT on something other than a table, view or column");
            }
            changes.add(change("COMMENT", target, Destruction.NONE));
        } else if (statement instanceof Alter alter) {
            boolean onlyAdds = alter.getAlterExpressions() != null && !alter.getAlterExpressions().isEmpty()
                    && alter.getAlterExpressions().stream().map(AlterExpression::getOperation).allMatch(AlterOperation.ADD::equals);
            changes.add(change(onlyAdds ? "ALTER TABLE ADD" : "ALTER TABLE (drops, renames or retypes)", alter.getTable(),
                    onlyAdds ? Destruction.NONE : Destruction.ALWAYS));
        } else if (statement instanceof Drop drop) {
            if ("SCHEMA".equalsIgnoreCase(drop.getType())) {
                Table name = drop.getName();
                String schema = name.getSchemaName() != null ? unquote(name.getSchemaName()) : unquote(name.getName());
                changes.add(new Change("DROP SCHEMA", null, schema, null, Destruction.ALWAYS));
            } else {
                changes.add(change("DROP " + drop.getType(), drop.getName(), Destruction.ALWAYS));
            }
        } else if (statement instanceof Truncate truncate) {
            changes.add(change("TRUNCATE", truncate.getTable(), Destruction.ALWAYS));
            if (truncate.getTables() != null) {
                truncate.getTables().forEach(t -> changes.add(change("TRUNCATE", t, Destruction.ALWAYS)));
            }
        } else if (statement instanceof RenameTableStatement rename) {
            rename.getTableNames().forEach(e -> {
                changes.add(change("RENAME", e.getKey(), Destruction.ALWAYS));
                changes.add(change("RENAME", e.getValue(), Destruction.ALWAYS));
            });
        } else if (statement instanceof SetStatement set && set.getCount() == 1 && set.getName() != null
                && SESSION_SETTINGS.contains(unquote(set.getName().toString()))) {
            return changes; // a progress or profiling switch of this session only
        } else {
            throw new WriteRefusedException(piece.text(), "agents may not run " + statement.getClass().getSimpleName()
                    + " statements (only queries, INSERT, UPDATE, DELETE, MERGE, CREATE, ALTER, DROP, TRUNCATE, COMMENT)");
        }
        return changes;
    }

    private static Change change(String what, Table table, Destruction destruction) {
        String catalog = table.getDatabaseName() == null ? null : unquote(table.getDatabaseName());
        String schema = table.getSchemaName() == null ? DEFAULT_SCHEMA : unquote(table.getSchemaName());
        return new Change(what, catalog, schema, unquote(table.getName()), destruction);
    }

    private void allow(Connection raw, Change change, String whole) throws SQLException {
        String target = change.schema() + (change.name() == null ? "" : "." + change.name());
        if (change.catalog() != null && !change.catalog().equals(lower(currentCatalog(raw)))) {
            throw new WriteRefusedException(whole, change.what() + " " + change.catalog() + "." + target
                    + ": agents write only the warehouse's own database");
        }
        String refused = scope.refusesWrite(change.schema());
        if (refused != null) {
            throw new WriteRefusedException(whole, change.what() + " " + target + ": " + refused);
        }
        boolean destroys = switch (change.destruction()) {
            case NONE -> false;
            case ALWAYS -> true;
            case REPLACE_IF_EXISTS -> exists(raw, change.schema(), change.name());
        };
        if (destroys) {
            String why = scope.refusesDestruction(change.schema(), change.name(),
                    change.destruction() == Destruction.REPLACE_IF_EXISTS);
            if (why != null) {
                throw new WriteRefusedException(whole, change.what() + " " + target + ": " + why);
            }
        }
    }

    /** DuckDB matches names case-insensitively, quoted or not. */
    private static boolean exists(Connection raw, String schema, String name) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("SELECT count(*) FROM information_schema.tables "
                + "WHERE lower(table_schema) = ? AND lower(table_name) = ?")) {
            ps.setString(1, schema);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static String currentCatalog(Connection raw) throws SQLException {
        try (PreparedStatement ps = raw.prepareStatement("SELECT current_database()"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A name as DuckDB compares it: quotes removed, case folded (DuckDB ignores case even in quoted names). */
    static String unquote(String name) {
        String n = name.strip();
        if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) {
            n = n.substring(1, n.length() - 1).replace("\"\"", "\"");
        }
        return lower(n);
    }

    private static String lower(String name) {
        return name == null ? null : name.toLowerCase(Locale.ROOT);
    }

    private static String abbreviate(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }
}
