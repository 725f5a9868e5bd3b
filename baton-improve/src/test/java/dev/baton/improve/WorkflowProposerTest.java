package dev.baton.improve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.improve.Observations.AttemptFact;
import dev.baton.improve.Observations.Execution;
import dev.baton.monitoring.MonitoringConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The weekly optimisations and monthly redesigns (docs/improvement.md) are opened only when every
 * one of their conditions holds, and are not opened again once the configuration holds them.
 */
class WorkflowProposerTest {
  static final Instant T = Instant.parse("2026-11-09T07:00:00Z");

  static Execution exec(
      String run, String phase, String step, String outcome, int retries, boolean helped) {
    return new Execution(
        run,
        "wf",
        phase,
        step,
        outcome,
        outcome.equals("skipped") ? "when is false: inputs.urgent" : "",
        retries,
        helped,
        retries * 60_000L,
        !outcome.equals("succeeded") || retries > 0,
        retries > 0 ? List.of("ann") : List.of(),
        0,
        T);
  }

  static AttemptFact attempt(String run, String agent, String step, boolean ok) {
    return new AttemptFact(run, 1, "wf", step, agent, ok, 60_000, 0, false, 0, T, true);
  }

  static Observations of(List<AttemptFact> attempts, List<Execution> executions) {
    return new Observations(
        T.minus(Duration.ofDays(7)),
        T,
        attempts,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Set.of(),
        Set.of(),
        executions);
  }

  static List<String> kinds(ReviewKind kind, Observations o, Configuration c) {
    return Proposer.propose(kind, o, MonitoringConfig.defaults(), c, List.of()).stream()
        .map(d -> d.kind() + " " + d.subject())
        .toList();
  }

  @Test
  void retries_that_never_helped_are_proposed_weekly_and_not_when_one_helped() {
    List<Execution> xs = new ArrayList<>();
    for (int i = 0; i < 3; i++) xs.add(exec("r" + i, "p", "check", "failed", 1, false));
    xs.add(exec("r9", "p", "check", "succeeded", 0, false));
    Observations o = of(List.of(), xs);
    assertThat(kinds(ReviewKind.WEEKLY, o, Configuration.EMPTY))
        .containsExactly("retries wf/check");
    assertThat(kinds(ReviewKind.DAILY, o, Configuration.EMPTY)).isEmpty();
    Proposer.Draft d =
        Proposer.propose(
                ReviewKind.WEEKLY, o, MonitoringConfig.defaults(), Configuration.EMPTY, List.of())
            .getFirst();
    assertThat(d.reason())
        .isEqualTo(
            "3 runs retried wf/check (3 retries, 3m of work) and no retry succeeded; the step"
                + " ended successfully in 25% of its 4 executions, never thanks to a retry");

    // once applied, the configuration holds it: not proposed again
    Configuration applied = Changes.apply(Configuration.EMPTY, "retries", d.details());
    assertThat(applied.tuning("wf").retries()).containsEntry("check", 0);
    assertThat(kinds(ReviewKind.WEEKLY, o, applied)).isEmpty();

    // one retry that helped, or only two retried runs: retries are worth keeping
    List<Execution> helped = new ArrayList<>(xs);
    helped.add(exec("r5", "p", "check", "succeeded", 1, true));
    assertThat(kinds(ReviewKind.WEEKLY, of(List.of(), helped), Configuration.EMPTY)).isEmpty();
    assertThat(kinds(ReviewKind.WEEKLY, of(List.of(), xs.subList(1, 4)), Configuration.EMPTY))
        .isEmpty();
  }

  @Test
  void a_step_whose_when_was_always_false_is_proposed_for_removal_as_an_edit() {
    List<Execution> xs = new ArrayList<>();
    for (int i = 0; i < 5; i++) xs.add(exec("r" + i, "notify", "page", "skipped", 0, false));
    Observations o = of(List.of(), xs);
    List<Proposer.Draft> drafts =
        Proposer.propose(
            ReviewKind.WEEKLY, o, MonitoringConfig.defaults(), Configuration.EMPTY, List.of());
    assertThat(drafts)
        .extracting(Proposer.Draft::change)
        .containsExactly(
            "remove step page from phase notify of the workflow file of wf (an edit you make)");
    Configuration agreed =
        Changes.apply(Configuration.EMPTY, "unused-step", drafts.getFirst().details());
    assertThat(agreed.edits()).containsKey("unused-step wf/page");
    assertThat(kinds(ReviewKind.WEEKLY, o, agreed)).isEmpty();
    assertThat(Changes.revert(agreed, withKind(drafts.getFirst())).edits()).isEmpty();

    // it ran once: not unused; four runs: too few to say
    List<Execution> ran = new ArrayList<>(xs);
    ran.add(exec("r7", "notify", "page", "succeeded", 0, false));
    assertThat(kinds(ReviewKind.WEEKLY, of(List.of(), ran), Configuration.EMPTY)).isEmpty();
    assertThat(kinds(ReviewKind.WEEKLY, of(List.of(), xs.subList(0, 4)), Configuration.EMPTY))
        .isEmpty();
  }

  @Test
  void a_task_type_no_agent_handles_well_is_a_split_and_the_most_troubled_phase_a_redesign() {
    List<AttemptFact> a = new ArrayList<>();
    List<Execution> xs = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      a.add(attempt("r" + i, "mia", "schema", i % 2 == 0));
      a.add(attempt("r" + i, "noa", "schema", i % 3 == 0));
      xs.add(exec("r" + i, "migrate", "schema", i % 2 == 0 ? "succeeded" : "failed", 0, false));
      xs.add(exec("r" + i, "release", "tag", i < 4 ? "failed" : "succeeded", 0, false));
      xs.add(exec("r" + i, "release", "publish", "succeeded", 0, false));
      xs.add(exec("r" + i, "build", "compile", i < 1 ? "failed" : "succeeded", 0, false));
    }
    Observations o = of(a, xs);
    // migrate is all schema's trouble: its split; release is the phase to redesign (4 of 12 < 50%)
    assertThat(kinds(ReviewKind.MONTHLY, o, Configuration.EMPTY))
        .containsExactly("split wf/schema");
    for (int i = 0; i < 6; i++) xs.add(exec("s" + i, "release", "publish", "failed", 0, false));
    assertThat(kinds(ReviewKind.MONTHLY, of(a, xs), Configuration.EMPTY))
        .containsExactly("split wf/schema", "redesign wf/release");
    assertThat(kinds(ReviewKind.WEEKLY, of(a, xs), Configuration.EMPTY)).isEmpty();

    // one agent does it well: no split
    List<AttemptFact> good = new ArrayList<>(a);
    for (int i = 0; i < 3; i++) good.add(attempt("g" + i, "rex", "schema", true));
    assertThat(kinds(ReviewKind.MONTHLY, of(good, List.of()), Configuration.EMPTY))
        .noneMatch(k -> k.startsWith("split"));
  }

  private static java.util.Map<String, Object> withKind(Proposer.Draft d) {
    java.util.Map<String, Object> f = new java.util.LinkedHashMap<>(d.details());
    f.put("kind", d.kind());
    return f;
  }
}
