package dev.baton.metrics;

import dev.baton.journal.CommandKind;
import dev.baton.journal.Event;
import dev.baton.journal.RunCommand;
import dev.baton.run.RunState;
import dev.baton.run.StepState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Ratings from people ({@code baton feedback}): validated, turned into {@code FeedbackRecorded},
 * and, when a live process executes the run, carried to it as a {@link RunCommand} of kind {@code
 * feedback} whose args are {@code step=ID}, {@code quality=N}, {@code collaboration=N}, {@code
 * satisfaction=N}. The executing process applies such a command with {@link #fromCommand} and emits
 * the event into the run's journal, so its seq numbers never collide with another process's.
 *
 * @param step the rated step; empty rates the whole run (satisfaction of every agent that took
 *     part)
 */
public record Feedback(
    Optional<String> step,
    Optional<Integer> quality,
    Optional<Integer> collaboration,
    Optional<Integer> satisfaction,
    String by) {
  public Feedback {
    check("quality", quality);
    check("collaboration", collaboration);
    check("satisfaction", satisfaction);
    if (quality.isEmpty() && collaboration.isEmpty() && satisfaction.isEmpty()) {
      throw new IllegalArgumentException(
          "give at least one rating: --quality, --collaboration or --satisfaction (1-10)");
    }
    if (by == null) by = "";
  }

  private static void check(String what, Optional<Integer> rating) {
    if (rating.isPresent() && (rating.get() < 1 || rating.get() > 10)) {
      throw new IllegalArgumentException(what + " must be from 1 to 10, was " + rating.get());
    }
  }

  /** The event for a run in {@code state}; the rated agent is whoever ran the step last. */
  public Event.FeedbackRecorded event(RunState state) {
    String agent = step.flatMap(state::step).map(StepState::agent).orElse(null);
    return new Event.FeedbackRecorded(
        step.orElse(null),
        agent,
        quality.orElse(null),
        collaboration.orElse(null),
        satisfaction.orElse(null),
        by);
  }

  public RunCommand command(String run, Instant now) {
    List<String> args = new ArrayList<>();
    step.ifPresent(s -> args.add("step=" + s));
    quality.ifPresent(q -> args.add("quality=" + q));
    collaboration.ifPresent(c -> args.add("collaboration=" + c));
    satisfaction.ifPresent(s -> args.add("satisfaction=" + s));
    return new RunCommand(
        0, run, CommandKind.FEEDBACK, null, CommandKind.FEEDBACK.word(), args, by, "", now);
  }

  /**
   * The event a {@code feedback} command asks for, for the run's executor to emit; empty for other
   * commands.
   */
  public static Optional<Event.FeedbackRecorded> fromCommand(RunCommand c, RunState state) {
    if (c.kind() != CommandKind.FEEDBACK) return Optional.empty();
    Optional<String> step = Optional.empty();
    Optional<Integer> q = Optional.empty(), col = Optional.empty(), sat = Optional.empty();
    try {
      for (String arg : c.args()) {
        int eq = arg.indexOf('=');
        String key = eq < 0 ? arg : arg.substring(0, eq);
        String value = eq < 0 ? "" : arg.substring(eq + 1);
        switch (key) {
          case "step" -> step = Optional.of(value);
          case "quality" -> q = Optional.of(Integer.parseInt(value));
          case "collaboration" -> col = Optional.of(Integer.parseInt(value));
          case "satisfaction" -> sat = Optional.of(Integer.parseInt(value));
          default -> {}
        }
      }
      return Optional.of(new Feedback(step, q, col, sat, c.by()).event(state));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
