package dev.baton.cli;

import dev.baton.journal.JournalEntry;
import dev.baton.metrics.Feedback;
import dev.baton.monitoring.AlertMonitor;
import dev.baton.run.RunState;
import dev.baton.run.RunSummary;
import dev.baton.store.RunFeedback;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baton feedback RUN}: a person's ratings of a run or one of its steps, journaled as {@code
 * FeedbackRecorded}. When no process executes the run, this one takes the run's lease for the
 * moment of the append (so no other process writes the journal meanwhile); when one does, the
 * ratings go to it as a {@code feedback} command and it journals them.
 */
@Command(
    name = "feedback",
    description = "Rate a run (user satisfaction) or a step (quality, collaboration), 1-10.")
final class FeedbackCmd implements Callable<Integer> {
  @Parameters(paramLabel = "RUN", description = "the run to rate")
  String run;

  @Option(
      names = "--step",
      paramLabel = "ID",
      description = "the step rated (default: the whole run)")
  String step;

  @Option(names = "--quality", paramLabel = "N", description = "quality of the step's work, 1-10")
  Integer quality;

  @Option(
      names = "--collaboration",
      paramLabel = "N",
      description = "how well the step's agent handed over, 1-10")
  Integer collaboration;

  @Option(names = "--satisfaction", paramLabel = "N", description = "user satisfaction, 1-10")
  Integer satisfaction;

  @Option(names = "--by", paramLabel = "NAME", description = "who rates (default: $USER)")
  String by;

  @Mixin StoreOptions store;

  @Override
  public Integer call() {
    Feedback feedback;
    try {
      feedback =
          new Feedback(
              Optional.ofNullable(step),
              Optional.ofNullable(quality),
              Optional.ofNullable(collaboration),
              Optional.ofNullable(satisfaction),
              by != null ? by : System.getProperty("user.name", ""));
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage());
    }
    try (Context ctx = Context.client(store)) {
      run = RunIds.resolve(ctx.store, run);
      RunSummary summary =
          ctx.store
              .run(run)
              .orElseThrow(() -> new UserError("no run with id '" + run + "' (see `baton runs`)"));
      if (ctx.remote.isPresent()) return throughServer(ctx, feedback);
      RunFeedback.Result result;
      try {
        result = RunFeedback.record(ctx.store, summary, feedback, Clock.systemUTC(), false);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage() + " (see `baton show " + run + "`)");
      }
      if (result instanceof RunFeedback.Sent sent) {
        System.out.println(
            "Feedback sent to the process executing run "
                + run
                + " ("
                + sent.holder()
                + "); it journals it.");
        return ExitCodes.OK;
      }
      JournalEntry entry = ((RunFeedback.Recorded) result).entry();
      try (AlertMonitor monitor =
          AlertMonitor.create(ctx.store, ctx.monitoring(), Clock.systemUTC())) {
        monitor.evaluate(List.of(entry));
      }
      System.out.println(
          "Feedback recorded for run " + run + (step == null ? "" : ", step " + step) + ".");
      return ExitCodes.OK;
    }
  }

  /** The server journals the rating (or hands it to the process executing the run). */
  private int throughServer(Context ctx, Feedback feedback) {
    if (step != null && RunState.replay(run, ctx.store.read(run, 0)).step(step).isEmpty())
      throw new UserError(
          "run " + run + " has no step '" + step + "' (see `baton show " + run + "`)");
    var body = Json.MAPPER.createObjectNode().put("by", feedback.by());
    if (step != null) body.put("step", step);
    if (quality != null) body.put("quality", quality);
    if (collaboration != null) body.put("collaboration", collaboration);
    if (satisfaction != null) body.put("satisfaction", satisfaction);
    var answer = ctx.remote.get().post("/api/v1/runs/" + Remote.encode(run) + "/feedback", body);
    System.out.println(
        "sent".equals(answer.path("feedback").asText())
            ? "Feedback sent to the process executing run " + run + "; it journals it."
            : "Feedback recorded for run " + run + (step == null ? "" : ", step " + step) + ".");
    return ExitCodes.OK;
  }
}
