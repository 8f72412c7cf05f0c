package io.dea.platform.warehouse;

import java.sql.SQLException;

/**
 * The write gate said no. A {@link SQLException} so it leaves through the JDBC calls agents already
 * make (and their {@code throws SQLException}); nothing of the statement has run when it is thrown.
 */
public final class WriteRefusedException extends SQLException {

    private final String sql;

    public WriteRefusedException(String sql, String reason) {
        super("refused by the warehouse write gate: " + reason);
        this.sql = sql;
    }

    /** The SQL that was refused, whole. */
    public String sql() {
        return sql;
    }
}
