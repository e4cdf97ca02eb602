package db.migration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** The SQL type of an existing column, for migrations whose DDL follows an earlier choice (vector(N) or real[]). */
final class ColumnTypes {

    private ColumnTypes() {
    }

    /** {@code table.column}'s type as PostgreSQL prints it; fails naming the migration that must run first. */
    static String of(Connection connection, String table, String column, String createdBy) throws SQLException {
        try (PreparedStatement sql = connection.prepareStatement("""
                SELECT format_type(atttypid, atttypmod) FROM pg_attribute
                WHERE attrelid = to_regclass(?) AND attname = ?""")) {
            sql.setString(1, table);
            sql.setString(2, column);
            try (ResultSet rs = sql.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException(table + "." + column + " is missing: " + createdBy + " must run first");
                }
                return rs.getString(1);
            }
        }
    }
}
