package dev.baton.run;

import dev.baton.journal.Event;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The part of a run's fold about agents working together: support requests still open and the
 * answers given (docs/agent-protocols.md), and the branches of {@code isolation: branch} steps
 * merged or in conflict (docs/conflicts.md). Updated only by {@link RunState#apply}.
 */
public final class Collaboration {
  private final LinkedHashMap<String, Event.SupportRequested> openRequests = new LinkedHashMap<>();
  private final LinkedHashMap<String, Object> answers = new LinkedHashMap<>();
  private final Set<String> merged = new LinkedHashSet<>();
  private final Map<String, String> conflicts = new LinkedHashMap<>();

  /** True for the events that open a run's collaboration state (a phase's start only resets it). */
  static boolean concerns(Event e) {
    return e instanceof Event.SupportRequested
        || e instanceof Event.SupportAnswered
        || e instanceof Event.BranchMerged
        || e instanceof Event.MergeConflict;
  }

  void apply(Event e) {
    switch (e) {
      case Event.SupportRequested r -> openRequests.put(r.request(), r);
      case Event.SupportAnswered a -> {
        openRequests.remove(a.request());
        answers.put(a.request(), a.output());
      }
      case Event.BranchMerged b -> {
        merged.add(b.step());
        conflicts.remove(b.step());
      }
      case Event.MergeConflict c -> conflicts.put(c.step(), c.reason());
      case Event.PhaseStarted p -> p.steps().forEach(s -> merged.remove(s.id()));
      default -> {}
    }
  }

  /** Support requests not answered yet, by request id, in the order they came. */
  public Map<String, Event.SupportRequested> openRequests() {
    return Collections.unmodifiableMap(openRequests);
  }

  /** Answers to support requests (the helper's output), by request id. */
  public Map<String, Object> answers() {
    return Collections.unmodifiableMap(answers);
  }

  public Optional<Event.SupportRequested> request(String id) {
    return Optional.ofNullable(openRequests.get(id));
  }

  /** True once the step's branch was merged in the current round of its phase. */
  public boolean merged(String step) {
    return merged.contains(step);
  }

  /** The conflict of the step's branch, while it is not merged. */
  public Optional<String> conflict(String step) {
    return Optional.ofNullable(conflicts.get(step));
  }
}
