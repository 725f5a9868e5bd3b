package dev.baton.agents.command.internal;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The environment a program Baton starts begins with: not Baton's whole environment, which holds
 * the user's tokens and keys, but what a program needs to run ({@code PATH}, {@code HOME}, {@code
 * LANG}, {@code TERM}), Baton's own {@code BATON_*} settings (but its credentials: {@code
 * BATON_TOKEN}, {@code BATON_SERVER}, {@code BATON_DB}, and any {@code BATON_*} name that says
 * token, secret, password, key or credential), and the names the agent lists in {@code inheritEnv}.
 * The agent's own {@code env} and the attempt's {@code BATON_*} variables are added on top (an
 * attempt's own {@code BATON_TOKEN} for a server's agent API among them).
 */
public final class CleanEnvironment {
  /** Always passed on when Baton has them. */
  public static final List<String> BASE = List.of("PATH", "HOME", "LANG", "TERM");

  /**
   * {@code BATON_*} variables of Baton's environment that are never passed on: the command line's
   * server and token (which act on every run of a server) and the store's URL (which may hold a
   * password).
   */
  public static final Set<String> WITHHELD = Set.of("BATON_TOKEN", "BATON_SERVER", "BATON_DB");

  /**
   * {@code BATON_*} names with a word that says credential are withheld too ({@code BATON_API_KEY},
   * {@code BATON_PG_PASSWORD}, {@code BATON_GITHUB_TOKEN}…).
   */
  private static final Pattern CREDENTIAL =
      Pattern.compile(
          "(^|_)([A-Z0-9]*TOKEN[A-Z0-9]*|[A-Z0-9]*SECRET[A-Z0-9]*|[A-Z0-9]*PASSW[A-Z0-9]*|PASS|[A-Z0-9]*KEY|CREDENTIALS?|AUTH)(_|$)");

  private CleanEnvironment() {}

  /**
   * Replaces {@code environment} (a {@link ProcessBuilder}'s, which starts as a copy of Baton's)
   * with the clean environment.
   */
  public static void apply(Map<String, String> environment, List<String> inheritEnv) {
    Map<String, String> baton = Map.copyOf(environment);
    environment.clear();
    baton.forEach((k, v) -> {
      if (BASE.contains(k) || inheritEnv.contains(k) || passedOn(k)) environment.put(k, v);
    });
  }

  /** Whether Baton passes its own variable {@code name} on without being asked. */
  static boolean passedOn(String name) {
    return name.startsWith("BATON_")
        && !WITHHELD.contains(name)
        && !CREDENTIAL.matcher(name.toUpperCase(Locale.ROOT)).find();
  }
}
