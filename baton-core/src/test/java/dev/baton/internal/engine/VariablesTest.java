package dev.baton.internal.engine;

import static dev.baton.internal.engine.TestWorkflows.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.run.RunState;
import dev.baton.workflow.Mode;
import dev.baton.workflow.Workflow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An attempt's variables are kept as a compact snapshot: read, it is the same map as the variables
 * of the moment it was taken, and what the run does afterwards does not show in it.
 */
class VariablesTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final Workflow wf =
      workflow("w", List.of("a"), phase("p", Mode.PARALLEL, step("s1", "a"), step("s2", "a")));
  private final RunState state = new RunState("r1", List.of("p"));
  private long seq;

  private void apply(Event e, Instant at) {
    state.apply(new JournalEntry("r1", ++seq, at, e));
  }

  @Test
  void a_snapshot_reads_as_the_variables_of_its_moment_and_ignores_what_comes_after() {
    apply(
        new Event.RunStarted(
            "w", "high", Map.of("pr", "42"), new Event.Definition("w.yaml", "", null, null)),
        T0);
    apply(
        new Event.PhaseStarted(
            "p",
            0,
            List.of(
                new Event.PlannedStep("s1", "s1", "a", null),
                new Event.PlannedStep("f.0", "f", "a", Map.of("file", "x.java")),
                new Event.PlannedStep("f.1", "f", "a", Map.of("file", "y.java")))),
        T0);
    apply(new Event.StepStarted("p", "s1", "a", 1, "go"), T0);
    apply(new Event.StepSucceeded("p", "s1", "a", 1, Map.of("n", 3), 1_500), T0.plusSeconds(2));
    apply(new Event.StepStarted("p", "f.0", "a", 1, "go"), T0.plusSeconds(2));
    apply(new Event.StepSucceeded("p", "f.0", "a", 1, "done x", 20), T0.plusSeconds(3));

    Instant now = T0.plusSeconds(5);
    Map<String, Object> expected = Variables.of(state, wf, now, "item");
    Map<String, Object> snapshot = Variables.snapshot(state, wf, now, "item");

    assertThat(snapshot).isEqualTo(expected);
    assertThat(snapshot.get("steps")).isEqualTo(expected.get("steps"));
    assertThat(((Map<?, ?>) expected.get("steps")).keySet().stream().map(String::valueOf))
        .containsExactly("s1", "f.0", "f.1", "f");
    assertThat(((Map<?, ?>) expected.get("run")).get("priority")).isEqualTo("high");

    apply(new Event.StepStarted("p", "f.1", "a", 1, "go"), now);
    apply(new Event.StepFailed("p", "f.1", "a", 1, "broke", 10), now);
    assertThat(snapshot).isEqualTo(expected);
    assertThat(Variables.of(state, wf, now, "item")).isNotEqualTo(expected);
  }
}
