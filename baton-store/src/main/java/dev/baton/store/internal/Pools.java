package dev.baton.store.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.baton.BatonException;
import java.util.Properties;
import java.util.function.Consumer;
import javax.sql.DataSource;

/**
 * HikariCP pools, kept apart from {@link Databases} so that a store opened without a pool never
 * loads HikariCP's classes.
 */
final class Pools {
  /** A pool's connections, and how to close it. */
  record Pool(DataSource connections, AutoCloseable closer) {}

  private Pools() {}

  /** A pool over {@code connections} (SQLite: the file's own data source). */
  static Pool open(String name, int size, DataSource connections) {
    return open(name, size, hikari -> hikari.setDataSource(connections));
  }

  /**
   * A pool of connections to a JDBC URL; {@code initSql} runs once on each new connection (null:
   * none).
   */
  static Pool open(String name, int size, String jdbcUrl, Properties properties, String initSql) {
    return open(
        name,
        size,
        hikari -> {
          hikari.setJdbcUrl(jdbcUrl);
          hikari.setDataSourceProperties(properties);
          if (initSql != null) hikari.setConnectionInitSql(initSql);
        });
  }

  private static Pool open(String name, int size, Consumer<HikariConfig> target) {
    HikariConfig config = new HikariConfig();
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(1);
    target.accept(config);
    try {
      HikariDataSource pool = new HikariDataSource(config);
      return new Pool(pool, pool);
    } catch (RuntimeException e) {
      throw new BatonException("cannot open the store " + name + ": " + e.getMessage(), e);
    }
  }
}
