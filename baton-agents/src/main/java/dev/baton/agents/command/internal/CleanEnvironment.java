package dev.baton.agents.command.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The environment a program Baton starts begins with: not Baton's whole environment, which holds
 * the user's tokens and keys, but what a program needs to run ({@code PATH}, {@code HOME}, {@code
 * LANG}, {@code TERM}), Baton's own {@code BATON_*} settings (but {@code BATON_TOKEN} and {@code
 * BATON_DB}, which are credentials), and the names the agent lists in {@code inheritEnv}. The
 * agent's own {@code env} and the attempt's {@code BATON_*} variables are added on top.
 */
public final class CleanEnvironment {
  /** Always passed on when Baton has them. */
  public static final List<String> BASE = List.of("PATH", "HOME", "LANG", "TERM");

  /** {@code BATON_*} variables of Baton's environment that are never passed on. */
  public static final Set<String> WITHHELD = Set.of("BATON_TOKEN", "BATON_DB");

  private CleanEnvironment() {}

  /**
   * Replaces {@code environment} (a {@link ProcessBuilder}'s, which starts as a copy of Baton's)
   * with the clean environment.
   */
  public static void apply(Map<String, String> environment, List<String> inheritEnv) {
    Map<String, String> baton = Map.copyOf(environment);
    environment.clear();
    baton.forEach((k, v) -> {
      if (BASE.contains(k)
          || inheritEnv.contains(k)
          || (k.startsWith("BATON_") && !WITHHELD.contains(k))) environment.put(k, v);
    });
  }
}
