package dev.baton.cli;

import picocli.CommandLine.Option;

/**
 * {@code --db}: the store every command opens (SQLite file, default {@code .baton/baton.db}, or a
 * PostgreSQL URL).
 */
public final class StoreOptions {
  @Option(
      names = "--db",
      paramLabel = "PATH|URL",
      description = "SQLite file or PostgreSQL URL (default: $BATON_DB or .baton/baton.db)")
  String db;

  @Option(
      names = "--server",
      paramLabel = "URL",
      description =
          "act through this `baton serve` instead of opening the store (default: $BATON_SERVER)")
  String server;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "the API token for --server (default: $BATON_TOKEN)")
  String token;

  private static final String DEFAULT = ".baton/baton.db";

  /**
   * True when the user named the store ({@code --db} or {@code BATON_DB}) rather than the default.
   */
  boolean named() {
    return !spec().equals(DEFAULT);
  }

  /**
   * The server to act through, when {@code --server} or {@code BATON_SERVER} names one. A store
   * named with {@code --db} wins over {@code BATON_SERVER} (not over {@code --server}: both given
   * is a mistake).
   */
  java.util.Optional<Remote> remote() {
    String url = server;
    if (url == null || url.isBlank()) {
      if (db != null && !db.isBlank()) return java.util.Optional.empty();
      url = System.getenv("BATON_SERVER");
    } else if (db != null && !db.isBlank())
      throw new UserError("give either --db (a store) or --server (a server), not both");
    if (url == null || url.isBlank()) return java.util.Optional.empty();
    String t = token != null ? token : System.getenv("BATON_TOKEN");
    return java.util.Optional.of(new Remote(url.strip(), t));
  }

  String spec() {
    if (db != null && !db.isBlank()) return db;
    String env = System.getenv("BATON_DB");
    return env != null && !env.isBlank() ? env : DEFAULT;
  }
}
