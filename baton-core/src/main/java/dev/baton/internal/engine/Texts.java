package dev.baton.internal.engine;

/** Small text helpers the engine's messages share. */
final class Texts {
  private Texts() {}

  /** The first line of an error, for one-line reasons; empty for none. */
  static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("");
  }
}
