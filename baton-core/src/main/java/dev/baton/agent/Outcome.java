package dev.baton.agent;

/** How an attempt ended, as the agent reports it. */
public sealed interface Outcome {
  /**
   * The work is done; {@code output} is a JSON-like value (Map, List, String, number, boolean) or
   * null.
   */
  record Succeeded(Object output) implements Outcome {}

  /** The work failed; {@code error} says why in a line or two. */
  record Failed(String error) implements Outcome {}

  static Outcome succeeded(Object output) {
    return new Succeeded(output);
  }

  static Outcome failed(String error) {
    return new Failed(error);
  }
}
