package dev.baton.cli;

import java.io.Console;

/** Whether standard input and output are a terminal. */
final class Terminals {
  private Terminals() {}

  /**
   * True when the process talks to a terminal. From JDK 22 on, {@code System.console()} exists even
   * when output is redirected; {@code Console.isTerminal()} (JDK 22+) tells, looked up reflectively
   * because Baton is compiled for Java 21.
   */
  @SuppressWarnings("SystemConsoleNull") // the one place that handles both JDK behaviours
  static boolean interactive() {
    Console console = System.console();
    if (console == null) return false;
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
