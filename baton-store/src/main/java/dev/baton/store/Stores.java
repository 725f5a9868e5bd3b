package dev.baton.store;

import dev.baton.BatonException;
import dev.baton.store.internal.Databases;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;

/**
 * Opens a {@link JournalStore} from what a user writes after {@code --db} (docs/operations.md): a
 * file path for SQLite, or a PostgreSQL URL ({@code jdbc:postgresql://host/db?user=…} or {@code
 * postgresql://user:password@host:5432/db}). The store's schema is created or migrated on open;
 * closing the store flushes pending appends and stops its writer thread.
 */
public final class Stores {
  private Stores() {}

  public static JournalStore open(String spec) {
    return open(spec, Clock.systemUTC());
  }

  /** As {@link #open(String)}, with the clock that decides when leases have expired. */
  public static JournalStore open(String spec, Clock clock) {
    if (spec == null || spec.isBlank())
      throw new BatonException("no store given: a SQLite file path or a PostgreSQL URL");
    if (spec.startsWith("jdbc:postgresql:"))
      return Databases.postgres(spec, new Properties(), clock);
    if (spec.startsWith("postgresql://") || spec.startsWith("postgres://"))
      return postgresUrl(spec, clock);
    if (spec.startsWith("jdbc:"))
      throw new BatonException(
          "unsupported store URL " + spec + ": use a file path or a PostgreSQL URL");
    return sqlite(Path.of(spec), clock);
  }

  /**
   * As {@link #open(String)}, for a process that reads a little and exits (a command line): a
   * SQLite store then opens a connection per read instead of starting a pool. Everything else is
   * the same, appends included.
   */
  public static JournalStore openBrief(String spec) {
    if (spec != null && !spec.isBlank() && !spec.startsWith("jdbc:") && !spec.contains("://"))
      return Databases.sqliteUnpooled(Path.of(spec), Clock.systemUTC());
    return open(spec);
  }

  /**
   * A SQLite store in {@code file} (created with its folders when missing), on the system clock.
   */
  public static JournalStore sqlite(Path file) {
    return sqlite(file, Clock.systemUTC());
  }

  /** A SQLite store in {@code file}, creating the file and its folders when missing. */
  public static JournalStore sqlite(Path file, Clock clock) {
    return Databases.sqlite(file, clock);
  }

  /**
   * {@code postgresql://user:password@host:port/db?params}: the user info moves to properties,
   * since the JDBC driver does not read it.
   */
  private static JournalStore postgresUrl(String spec, Clock clock) {
    URI uri;
    try {
      uri = new URI(spec);
    } catch (URISyntaxException e) {
      // the reason and position only: the message would repeat the URL, password included
      throw new BatonException(
          "invalid PostgreSQL URL: " + e.getReason() + " at index " + e.getIndex());
    }
    Properties properties = new Properties();
    if (uri.getRawUserInfo() != null) {
      String[] user = uri.getRawUserInfo().split(":", 2);
      properties.setProperty("user", decode(user[0]));
      if (user.length == 2) properties.setProperty("password", decode(user[1]));
    }
    String host = uri.getHost() == null ? "localhost" : uri.getHost();
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return Databases.postgres("jdbc:postgresql://" + host + port + path + query, properties, clock);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }
}
