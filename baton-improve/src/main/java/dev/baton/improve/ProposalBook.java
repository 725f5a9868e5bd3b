package dev.baton.improve;

import dev.baton.improve.internal.Streams;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.JournalStore;
import dev.baton.journal.RunCommand;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Proposals for people, kept in the proposals journal {@value #STREAM}: each is a {@code
 * ProposalOpened} with an {@code approval} {@code HumanTaskOpened} of the same id, so it shows in
 * {@code baton inbox} and is answered with {@code baton approve|reject}. Decisions arrive as
 * commands for this journal ({@link #sync}); approved proposals are applied by {@link
 * #applyApproved} in the low-traffic window.
 */
public final class ProposalBook {
  public static final String STREAM = "baton:proposals";

  private final JournalStore store;
  private final ConfigBook config;
  private final Clock clock;

  public ProposalBook(JournalStore store, ConfigBook config, Clock clock) {
    this.store = store;
    this.config = config;
    this.clock = clock;
  }

  /** Every proposal, oldest first (decisions not yet taken in included). */
  public List<Proposal> list() {
    sync();
    return fold(store.read(STREAM, 0));
  }

  /** Opens the drafts that are not already open or approved for the same kind and subject. */
  public List<Proposal> open(List<Proposer.Draft> drafts) {
    if (drafts.isEmpty()) return List.of();
    List<JournalEntry> written =
        Streams.appendNext(
            store,
            STREAM,
            clock.instant(),
            entries -> {
              List<Proposal> known = fold(entries);
              List<Event> events = new ArrayList<>();
              long seq = entries.isEmpty() ? 0 : entries.getLast().seq();
              for (Proposer.Draft d : drafts) {
                boolean dup =
                    known.stream()
                        .anyMatch(p ->
                            p.pending()
                                && p.kind().equals(d.kind())
                                && p.subject().equals(d.subject()));
                if (dup) continue;
                String id = "P" + (seq + events.size() + 1);
                events.add(
                    new Event.ProposalOpened(
                        id, d.kind(), d.subject(), d.change(), d.reason(), d.details()));
                events.add(
                    new Event.HumanTaskOpened(
                        id,
                        "approval",
                        "Proposal: " + d.change() + "? (" + d.reason() + ")",
                        List.of("approve", "reject"),
                        null,
                        d.reason(),
                        "proposal",
                        false));
              }
              return events;
            });
    List<String> ids =
        written.stream()
            .map(JournalEntry::event)
            .filter(e -> e instanceof Event.ProposalOpened)
            .map(e -> ((Event.ProposalOpened) e).proposal())
            .toList();
    return fold(store.read(STREAM, 0)).stream().filter(p -> ids.contains(p.id())).toList();
  }

  /** Takes decisions made with {@code baton approve|reject|decide} into the journal. */
  public void sync() {
    List<RunCommand> commands = store.pendingCommands(List.of(STREAM));
    for (RunCommand c : commands) {
      String decision =
          switch (c.action()) {
            case "approve", "continue" -> "approve";
            default -> "reject";
          };
      Streams.appendNext(
          store,
          STREAM,
          clock.instant(),
          entries ->
              fold(entries).stream()
                      .anyMatch(p -> p.id().equals(c.task()) && p.state().equals("open"))
                  ? List.of(
                      new Event.HumanTaskResolved(c.task(), decision, c.args(), c.by(), c.note()))
                  : List.of());
      store.completeCommand(c.id());
    }
  }

  /**
   * Applies the approved proposals, each as a configuration version; when {@code criticalActive}
   * names runs, they wait (a deferral is recorded once an hour at most).
   */
  public List<Proposal> applyApproved(List<String> criticalActive) {
    sync();
    List<Proposal> applied = new ArrayList<>();
    for (Proposal p : fold(store.read(STREAM, 0))) {
      if (!p.state().equals("approved")) continue;
      Instant now = clock.instant();
      if (!criticalActive.isEmpty()) {
        String why = "critical run active: " + String.join(", ", criticalActive);
        Streams.appendNext(
            store,
            STREAM,
            now,
            entries -> {
              Optional<JournalEntry> last =
                  entries.stream()
                      .filter(e ->
                          e.event() instanceof Event.ProposalDeferred d
                              && d.proposal().equals(p.id()))
                      .reduce((a, b) -> b);
              return last.isPresent() && last.get().time().isAfter(now.minus(Duration.ofHours(1)))
                  ? List.of()
                  : List.of(new Event.ProposalDeferred(p.id(), why));
            });
        continue;
      }
      Optional<ConfigVersion> v =
          config.commit(
              "proposal " + p.id() + " approved by " + p.decidedBy(),
              p.change(),
              p.reason(),
              withKind(p),
              c -> Changes.apply(c, p.kind(), p.details()));
      long version = v.map(ConfigVersion::version).orElse(config.currentVersion());
      Streams.appendNext(
          store,
          STREAM,
          now,
          entries ->
              fold(entries).stream()
                      .anyMatch(x -> x.id().equals(p.id()) && x.state().equals("approved"))
                  ? List.of(new Event.ProposalApplied(p.id(), version))
                  : List.of());
      applied.add(p);
    }
    return applied;
  }

  private static Map<String, Object> withKind(Proposal p) {
    Map<String, Object> f = new LinkedHashMap<>(p.details());
    f.put("kind", p.kind());
    f.put("proposal", p.id());
    return f;
  }

  static List<Proposal> fold(List<JournalEntry> entries) {
    Map<String, Proposal> out = new LinkedHashMap<>();
    for (JournalEntry e : entries) {
      switch (e.event()) {
        case Event.ProposalOpened o ->
            out.put(
                o.proposal(),
                new Proposal(
                    o.proposal(),
                    o.kind(),
                    o.subject(),
                    o.change(),
                    o.reason(),
                    "open",
                    o.details() == null ? Map.of() : o.details(),
                    e.time(),
                    "",
                    0,
                    ""));
        case Event.HumanTaskResolved r ->
            out.computeIfPresent(
                r.task(),
                (k, p) ->
                    new Proposal(
                        p.id(),
                        p.kind(),
                        p.subject(),
                        p.change(),
                        p.reason(),
                        "approve".equals(r.decision()) ? "approved" : "rejected",
                        p.details(),
                        p.opened(),
                        r.by() == null ? "" : r.by(),
                        0,
                        ""));
        case Event.ProposalApplied a ->
            out.computeIfPresent(
                a.proposal(),
                (k, p) ->
                    new Proposal(
                        p.id(),
                        p.kind(),
                        p.subject(),
                        p.change(),
                        p.reason(),
                        "applied",
                        p.details(),
                        p.opened(),
                        p.decidedBy(),
                        a.version(),
                        ""));
        case Event.ProposalDeferred d ->
            out.computeIfPresent(
                d.proposal(),
                (k, p) ->
                    new Proposal(
                        p.id(),
                        p.kind(),
                        p.subject(),
                        p.change(),
                        p.reason(),
                        p.state(),
                        p.details(),
                        p.opened(),
                        p.decidedBy(),
                        0,
                        d.reason()));
        default -> {}
      }
    }
    return new ArrayList<>(out.values());
  }
}
