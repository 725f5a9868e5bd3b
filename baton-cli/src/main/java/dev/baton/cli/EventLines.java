package dev.baton.cli;

import dev.baton.journal.Event;
import dev.baton.journal.Event.*;
import dev.baton.journal.EventCodec;
import dev.baton.journal.JournalEntry;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** One human-readable line per journal event, for plain output and the live view's log. */
final class EventLines {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private EventLines() {}

  /** The line, without the control characters agents' text may carry (see {@link Printable}). */
  static String line(JournalEntry e) {
    return Printable.clean(
        TIME.format(e.time())
            + "  "
            + String.format("%-20s", e.event().type())
            + " "
            + detail(e.event()));
  }

  static String detail(Event event) {
    return switch (event) {
      case RunStarted s -> s.workflow() + " (priority " + s.priority() + ")";
      case RunSucceeded s -> "";
      case RunFailed f -> f.reason();
      case RunRolledBack r -> r.reason();
      case RunCancelled c -> c.reason();
      case RunWaiting w -> "task " + w.task() + ": " + w.reason();
      case RunResumed r -> r.reason();
      case PhaseStarted p ->
          p.phase()
              + (p.round() > 0 ? " (round " + (p.round() + 1) + ")" : "")
              + ": "
              + p.steps().size()
              + (p.steps().size() == 1 ? " step" : " steps");
      case PhaseSucceeded p -> p.phase();
      case PhaseFailed p -> p.phase() + ": " + p.reason();
      case PhaseBudgetExceeded p -> p.reason();
      case StepQueued q -> q.step() + " " + q.reason();
      case StepStarted s ->
          s.step()
              + " → "
              + s.agent()
              + (s.attempt() > 1 ? " (attempt " + s.attempt() + ")" : "")
              + ": "
              + firstLine(s.task());
      case StepSucceeded s ->
          s.step()
              + " ← "
              + s.agent()
              + " in "
              + seconds(s.durationMillis())
              + ": "
              + brief(s.output());
      case StepFailed f -> f.step() + " ← " + f.agent() + ": " + firstLine(f.error());
      case StepTimedOut t -> t.step() + " ← " + t.agent() + ": " + t.error();
      case StepSkipped s -> s.step() + ": " + s.reason();
      case StepCancelled c -> c.step() + ": " + c.reason();
      case StepPreempted p -> p.step() + ": " + p.reason();
      case StepRetrying r ->
          r.step() + " attempt " + r.attempt() + " in " + seconds(r.delayMillis());
      case EstimateExceeded x ->
          x.step()
              + " ("
              + x.agent()
              + ") past its estimate: "
              + seconds(x.elapsedMillis())
              + " of "
              + seconds(x.estimateMillis());
      case HandoffSent h -> h.step() + " ← from " + h.handoff().get("fromAgent");
      case StatusReported s ->
          s.step()
              + " "
              + s.agent()
              + (s.progress() != null ? " " + s.progress() + "%" : "")
              + (s.status().get("message") != null ? " " + s.status().get("message") : "");
      case FindingReported f -> f.step() + " " + f.agent() + " " + f.tags() + ": " + f.summary();
      case HandoffNotes n -> n.step() + " " + n.agent() + " left notes";
      case PrimaryAssigned p -> p.agent() + " (" + p.reason() + ")";
      case Escalated x -> "rule " + (x.rule() + 1) + " → " + x.decision() + ": " + x.reason();
      case HumanTaskOpened h -> h.task() + " [" + h.kind() + "] " + h.question();
      case HumanTaskResolved h ->
          h.task()
              + " → "
              + h.decision()
              + (h.by() != null && !h.by().isEmpty() ? " by " + h.by() : "");
      case Replanned r ->
          r.phase()
              + ": "
              + r.decision()
              + (r.agent() != null ? " → " + r.agent() : "")
              + (r.amended() == null || r.amended().isEmpty()
                  ? ""
                  : " inserting "
                      + String.join(
                          ", ",
                          r.amended().stream()
                              .map(p -> p.id() + " (" + p.agent() + ": " + p.task() + ")")
                              .toList())
                      + " before "
                      + r.step())
              + " ("
              + r.reason()
              + ")";
      case RollbackStarted r ->
          (r.phase() == null ? "" : r.phase() + ": ")
              + "compensating "
              + (r.steps().isEmpty() ? "nothing" : String.join(", ", r.steps()))
              + " ("
              + r.scope()
              + ", then "
              + r.then()
              + ")";
      case StepCompensated c -> c.step() + " undone by " + c.agent();
      case CompensationFailed c -> c.step() + " (" + c.agent() + "): " + firstLine(c.error());
      case AlertRaised a -> a.rule() + ": " + a.reason();
      case AlertResolved a -> a.rule() + ": " + a.reason();
      case FeedbackRecorded f -> (f.step() == null ? "run" : f.step()) + " rated by " + f.by();
      case ProtocolWarning w -> w.step() + " " + w.agent() + ": " + w.reason();
      case LlmCalled c ->
          c.step()
              + " "
              + c.agent()
              + ": "
              + c.model()
              + " "
              + c.inputTokens()
              + "+"
              + c.outputTokens()
              + " tokens, $"
              + String.format(java.util.Locale.ROOT, "%.4f", c.costUsd())
              + ", "
              + c.latencyMs()
              + " ms";
      case BudgetExceeded b -> (b.phase() == null ? "run" : b.phase()) + ": " + b.reason();
      case ResourceWaiting w -> w.step() + " waits for " + w.resource() + " (" + w.reason() + ")";
      case ResourceAcquired a -> a.step() + " holds " + a.resource();
      case ResourceReleased r -> r.step() + " released " + r.resource();
      case BranchMerged b -> b.step() + ": " + b.branch() + " merged";
      case MergeConflict c -> c.step() + ": " + c.reason();
      case KnowledgeGap g ->
          g.step()
              + " "
              + g.agent()
              + " lacks "
              + g.capability()
              + (g.reason() != null ? ": " + g.reason() : "");
      case StepHandedOver h -> h.step() + " " + h.agent() + " → " + h.to() + ": " + h.reason();
      case AgentCreated a -> a.agent() + " from template " + a.template() + " " + a.capabilities();
      case SupportRequested r ->
          r.step()
              + " "
              + r.agent()
              + " asks "
              + (r.fromAgent() != null ? r.fromAgent() : "someone")
              + " ("
              + r.urgency()
              + "): "
              + r.reason();
      case SupportAnswered a ->
          a.step() + " ← " + a.agent() + " answered " + a.request() + ": " + brief(a.output());
      default -> brief(event);
    };
  }

  static String seconds(long ms) {
    return ms < 10_000 ? String.format("%.1fs", ms / 1000.0) : (ms / 1000) + "s";
  }

  static String firstLine(String s) {
    if (s == null) return "";
    String line = s.strip().lines().findFirst().orElse("");
    return line.length() > 100 ? line.substring(0, 97) + "..." : line;
  }

  static String brief(Object o) {
    if (o == null) return "";
    if (o instanceof java.util.Map<?, ?> m && m.get("summary") instanceof String summary)
      return firstLine(summary);
    String s = o instanceof String str ? str : EventCodec.json(o);
    return firstLine(s.replace('\n', ' '));
  }
}
