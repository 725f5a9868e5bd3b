package dev.baton.cli;

import dev.baton.resource.Holding;
import dev.baton.resource.Need;
import dev.baton.store.JournalStore;
import java.util.List;

/** The arbiter's claims as the command line shows them: who holds what, who waits for what. */
final class Holdings {
  private Holdings() {}

  static List<Holding> of(JournalStore store) {
    return store.arbiter().map(a -> a.holdings()).orElse(List.of());
  }

  static long running(List<Holding> all, String agent) {
    return all.stream().filter(h -> h.granted() && h.needs(Need.AGENT + agent)).count();
  }

  static long queued(List<Holding> all, String agent) {
    return all.stream().filter(h -> !h.granted() && h.needs(Need.AGENT + agent)).count();
  }
}
