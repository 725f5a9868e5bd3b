package dev.baton.test;

import dev.baton.agent.Answer;
import dev.baton.agent.LlmCall;
import dev.baton.agent.Reporter;
import dev.baton.agent.Status;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** A reporter that remembers every report, for assertions; safe to use from any thread. */
public final class RecordingReporter implements Reporter {
  public record Finding(List<String> tags, String summary) {}

  public record Gap(String capability, String reason) {}

  public record Review(String step, int quality) {}

  public record Warning(String line, String reason) {}

  public final List<Status> statuses = new CopyOnWriteArrayList<>();
  public final List<Finding> findings = new CopyOnWriteArrayList<>();
  public final List<Map<String, Object>> notes = new CopyOnWriteArrayList<>();
  public final List<Gap> gaps = new CopyOnWriteArrayList<>();
  public final List<Review> reviews = new CopyOnWriteArrayList<>();
  public final List<Integer> handoffRatings = new CopyOnWriteArrayList<>();
  public final List<Warning> warnings = new CopyOnWriteArrayList<>();
  public final List<LlmCall> llmCalls = new CopyOnWriteArrayList<>();
  public final List<String> questions = new CopyOnWriteArrayList<>();
  private volatile Function<String, Answer> answers =
      q -> Answer.refused("nobody answers in this test", "test");

  /** Answers every {@link #ask} with {@code answers} (by default each question is refused). */
  public RecordingReporter answering(Function<String, Answer> answers) {
    this.answers = answers;
    return this;
  }

  @Override
  public CompletableFuture<Answer> ask(String question) {
    questions.add(question);
    return CompletableFuture.completedFuture(answers.apply(question));
  }

  @Override
  public void llmCalled(LlmCall call) {
    llmCalls.add(call);
  }

  @Override
  public void status(Status status) {
    statuses.add(status);
  }

  @Override
  public void finding(List<String> tags, String summary) {
    findings.add(new Finding(tags, summary));
  }

  @Override
  public void handoffNotes(Map<String, Object> notes) {
    this.notes.add(notes);
  }

  @Override
  public void gap(String capability, String reason) {
    gaps.add(new Gap(capability, reason));
  }

  @Override
  public void handoffRating(int collaboration) {
    handoffRatings.add(collaboration);
  }

  @Override
  public void review(String step, int quality) {
    reviews.add(new Review(step, quality));
  }

  @Override
  public void warning(String line, String reason) {
    warnings.add(new Warning(line, reason));
  }
}
