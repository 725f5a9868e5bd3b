package dev.baton.cli;

import dev.baton.resource.Holding;
import dev.baton.resource.Need;
import dev.baton.store.JournalStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

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

  /** The resources and agents a waiting claim cannot have yet, with who holds them. */
  static String blockers(List<Holding> all, Holding waiting) {
    List<String> parts = new ArrayList<>();
    for (Need n : waiting.needs()) {
      List<String> holders =
          all.stream()
              .filter(h -> h.granted() && !h.equals(waiting) && h.needs(n.name()))
              .map(Holding::holder)
              .toList();
      boolean blocked =
          switch (n.mode()) {
            case EXCLUSIVE -> !holders.isEmpty();
            case SHARED ->
                all.stream()
                    .anyMatch(h ->
                        h.granted()
                            && h.needs().stream()
                                .anyMatch(x ->
                                    x.name().equals(n.name()) && x.mode() == Need.Mode.EXCLUSIVE));
            case SLOT -> holders.size() >= n.capacity();
          };
      if (blocked || (holders.isEmpty() && n.mode() != Need.Mode.SLOT)) {
        String who =
            holders.isEmpty() ? "queued before it" : "held by " + String.join(", ", holders);
        parts.add((n.isAgentSlot() ? "agent " : "resource ") + n.label() + " (" + who + ")");
      }
    }
    return parts.isEmpty()
        ? "its turn in the queue"
        : parts.stream().collect(Collectors.joining("; "));
  }
}
