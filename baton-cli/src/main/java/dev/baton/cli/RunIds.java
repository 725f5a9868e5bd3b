package dev.baton.cli;

import dev.baton.journal.JournalStore;
import dev.baton.run.RunSummary;
import java.util.List;

/** Runs named on the command line by their id or by a unique prefix of it (as git does). */
final class RunIds {
  private RunIds() {}

  /**
   * The id of the run {@code given} names: itself when such a run exists, else the one run whose id
   * starts with it; an ambiguous prefix is an error listing the candidates. An unknown id is
   * returned as given, for the command to report.
   */
  static String resolve(JournalStore store, String given) {
    if (given == null || given.isEmpty() || store.run(given).isPresent()) return given;
    List<String> matches =
        store.runs().stream()
            .map(RunSummary::run)
            .filter(r -> r.startsWith(given))
            .sorted()
            .toList();
    if (matches.size() == 1) return matches.get(0);
    if (matches.size() > 1)
      throw new UserError(
          "run id '"
              + given
              + "' is ambiguous: it starts "
              + String.join(", ", matches.stream().limit(5).toList())
              + (matches.size() > 5 ? " and " + (matches.size() - 5) + " more" : ""));
    return given;
  }
}
