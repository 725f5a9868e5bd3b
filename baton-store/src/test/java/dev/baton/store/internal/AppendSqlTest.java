package dev.baton.store.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.store.SqliteDialect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppendSqlTest {
  @Test
  void the_connection_is_closed_when_the_writer_s_statements_cannot_be_prepared(@TempDir Path dir)
      throws SQLException {
    SqliteDialect dialect = new SqliteDialect();
    // a database without the store's tables: the first statement fails to prepare
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("empty.db"));

    assertThatThrownBy(() -> new AppendSql(dialect, WriteGate.of(dialect), c))
        .isInstanceOf(SQLException.class);
    assertThat(c.isClosed()).isTrue();
  }
}
