package dev.baton.llm;

import dev.baton.agent.Attempt;
import dev.baton.agent.Cancellation;
import dev.baton.agent.Handoff;
import dev.baton.agent.LlmCall;
import dev.baton.agent.Reporter;
import dev.baton.agent.Secrets;
import dev.baton.agent.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** An in-memory attempt with a recording reporter and secrets from a map. */
final class TestAttempt implements Attempt {
  final List<String> reports = new CopyOnWriteArrayList<>();
  final List<LlmCall> calls = new CopyOnWriteArrayList<>();
  private final Cancellation cancellation = new Cancellation();
  private final Map<String, String> secrets;

  TestAttempt(Map<String, String> secrets) {
    this.secrets = Map.copyOf(secrets);
  }

  @Override
  public String run() {
    return "run-1";
  }

  @Override
  public String step() {
    return "design";
  }

  @Override
  public String agent() {
    return "architect";
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
  public Path inbox() {
    return Path.of("inbox");
  }

  @Override
  public Cancellation cancellation() {
    return cancellation;
  }

  @Override
  public Secrets secrets() {
    Map<String, String> s = secrets;
    return new Secrets() {
      @Override
      public Optional<String> env(String name) {
        return Optional.ofNullable(s.get(name));
      }

      @Override
      public Optional<String> secret(String name) {
        return Optional.ofNullable(s.get(name));
      }

      @Override
      public Set<String> values() {
        return Set.copyOf(s.values());
      }
    };
  }

  @Override
  public Reporter reporter() {
    return new Reporter() {
      @Override
      public void status(Status status) {
        reports.add("status " + status.progress() + " " + status.message());
      }

      @Override
      public void finding(List<String> tags, String summary) {
        reports.add("finding " + tags + " " + summary);
      }

      @Override
      public void handoffNotes(Map<String, Object> notes) {
        reports.add("handoff " + notes.get("completedWork"));
      }

      @Override
      public void gap(String capability, String reason) {
        reports.add("gap " + capability);
      }

      @Override
      public void review(String step, int quality) {
        reports.add("review " + step + " " + quality);
      }

      @Override
      public void llmCalled(LlmCall call) {
        calls.add(call);
      }

      @Override
      public void warning(String line, String reason) {
        reports.add("warning " + reason);
      }
    };
  }

  static Handoff handoff(String task) {
    return new Handoff(
        "meta",
        "architect",
        "run-1/design/1",
        task,
        new Handoff.Context("nothing yet", "- build", List.of("keep the API"), List.of()),
        "a design",
        10,
        List.of(),
        Map.of("feature", "search"),
        Map.of(),
        "run-1/design/1");
  }
}
