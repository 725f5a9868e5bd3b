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

  private static final String DEFAULT = ".baton/baton.db";

  /**
   * True when the user named the store ({@code --db} or {@code BATON_DB}) rather than the default.
   */
  boolean named() {
    return !spec().equals(DEFAULT);
  }

  String spec() {
    if (db != null && !db.isBlank()) return db;
    String env = System.getenv("BATON_DB");
    return env != null && !env.isBlank() ? env : DEFAULT;
  }
}
