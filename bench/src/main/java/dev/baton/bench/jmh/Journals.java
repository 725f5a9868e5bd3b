package dev.baton.bench.jmh;

import dev.baton.Baton;
import dev.baton.agent.Outcome;
import dev.baton.journal.JournalEntry;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.workflow.AgentRef;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Expression;
import dev.baton.workflow.Mode;
import dev.baton.workflow.OnFailure;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Success;
import dev.baton.workflow.Template;
import dev.baton.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Real journals for the microbenchmarks: one run of a shape, executed by Baton in memory. */
final class Journals {
  private Journals() {}

  /**
   * W1 (3 parallel; 4, 3 parallel, 3 in sequence) when {@code w2} is false, else 100 in sequence.
   */
  static Workflow workflow(boolean w2) {
    int[][] groups = w2 ? new int[][] {{0, 100}} : new int[][] {{1, 3}, {0, 4}, {1, 3}, {0, 3}};
    List<Phase> phases = new ArrayList<>();
    char name = 'a';
    for (int[] g : groups) {
      List<StepSpec> steps = new ArrayList<>();
      for (int i = 1; i <= g[1]; i++) {
        steps.add(
            new StepSpec(
                "" + name + i,
                new AgentRef.Named("worker"),
                List.of(),
                Template.literal("do " + name + i),
                Optional.empty(),
                Optional.empty(),
                0,
                Duration.ofMillis(10),
                Optional.empty(),
                Success.NONE,
                Optional.empty(),
                List.of(),
                false,
                false,
                List.of()));
      }
      phases.add(
          new Phase(
              String.valueOf(name),
              g[0] == 1 ? Mode.PARALLEL : Mode.SEQUENTIAL,
              steps,
              Optional.empty(),
              OnFailure.ROLLBACK_RUN,
              0,
              false,
              Optional.empty(),
              Optional.empty(),
              false,
              1.5));
      name++;
    }
    Map<String, AgentSpec> agents = new LinkedHashMap<>();
    agents.put(
        "worker",
        new AgentSpec(
            "worker", "Worker", List.of("work"), List.of(), 1000, new AgentSpec.InProcess()));
    return new Workflow(
        w2 ? "w2" : "w1",
        "",
        Map.of(),
        List.of("worker"),
        agents,
        List.of(),
        Expression.constant("normal"),
        Optional.empty(),
        List.of("keep it small"),
        List.of(),
        phases,
        Workflow.Sources.none());
  }

  /** The journal of one successful run of {@code wf}, whose agent outputs a small map. */
  static List<JournalEntry> journal(Workflow wf) {
    List<JournalEntry> out = new ArrayList<>();
    try (InMemoryJournalStore store = new InMemoryJournalStore();
        Baton baton =
            Baton.builder()
                .store(store)
                .agent(
                    "worker",
                    (h, a) ->
                        Outcome.succeeded(
                            Map.of(
                                "summary",
                                "did " + a.step(),
                                "files",
                                List.of("a.java", "b.java"))))
                .build()) {
      baton.subscribe(out::addAll);
      baton.start(wf, Map.of()).await();
    }
    return out;
  }
}
