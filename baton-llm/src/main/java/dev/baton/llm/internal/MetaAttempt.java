package dev.baton.llm.internal;

import dev.baton.agent.Attempt;
import dev.baton.agent.Cancellation;
import dev.baton.agent.LlmCall;
import dev.baton.agent.Reporter;
import dev.baton.agent.Secrets;
import dev.baton.agent.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The attempt under which the meta agent calls its model: its calls go to {@code calls}, and it is
 * cancelled (abandoning a call in flight) once {@code limit} has passed.
 */
public final class MetaAttempt implements Attempt {
  private final String run;
  private final String step;
  private final Secrets secrets;
  private final Cancellation cancellation = new Cancellation();
  private final Reporter reporter;

  public MetaAttempt(
      String run, String step, Secrets secrets, Consumer<LlmCall> calls, Duration limit) {
    this.run = run;
    this.step = step;
    this.secrets = secrets;
    this.reporter =
        new Reporter() {
          @Override
          public void status(Status status) {}

          @Override
          public void finding(List<String> tags, String summary) {}

          @Override
          public void handoffNotes(Map<String, Object> notes) {}

          @Override
          public void gap(String capability, String reason) {}

          @Override
          public void review(String step, int quality) {}

          @Override
          public void warning(String line, String reason) {}

          @Override
          public void llmCalled(LlmCall call) {
            calls.accept(call);
          }
        };
    CompletableFuture.delayedExecutor(limit.toMillis(), TimeUnit.MILLISECONDS)
        .execute(() -> cancellation.cancel("no answer within " + limit.toSeconds() + "s"));
  }

  @Override
  public String run() {
    return run;
  }

  @Override
  public String step() {
    return step;
  }

  @Override
  public String agent() {
    return "meta";
  }

  @Override
  public int attempt() {
    return 1;
  }

  @Override
  public boolean compensating() {
    return false;
  }

  @Override
  public Reporter reporter() {
    return reporter;
  }

  @Override
  public Path inbox() {
    return Path.of(".");
  }

  @Override
  public Secrets secrets() {
    return secrets;
  }

  @Override
  public Cancellation cancellation() {
    return cancellation;
  }

  /** Ends the limit's wait early (the answer came). */
  public void done() {
    cancellation.cancel("done");
  }
}
