package dev.baton.cli.e2e;

import static dev.baton.cli.e2e.Cli.ofType;
import static dev.baton.cli.e2e.Cli.types;
import static dev.baton.cli.e2e.EngineEndToEndTest.find;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When agents fail (docs/architecture.md#failure-handling): every {@code onFailure} policy,
 * rollback order, re-planning, escalation rules, human tasks and decisions, cancel — all through
 * {@code ./baton}, decisions given from second processes as a person would.
 */
class FailureHandlingEndToEndTest {
  static final String AGENTS =
      """
      agents:
        a: { command: [sh, AGENT], capabilities: [alpha] }
        b: { command: [sh, AGENT], capabilities: [alpha] }
        c: { command: [sh, AGENT], capabilities: [beta] }
      """;

  @TempDir Path dir;

  @Test
  void rollback_and_replan_compensates_the_phase_newest_first_then_retries_the_phase()
      throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "replan",
            "name: replan\n"
                + AGENTS
                + """
                phases:
                  - name: build
                    mode: sequential
                    steps:
                      - { id: keep, agent: a, task: "no rollback" }
                      - { id: first, agent: a, task: go, rollback: "undo first" }
                      - { id: second, agent: b, task: go, rollback: { run: [sh, AGENT, via-run] } }
                      - { id: flaky, agent: a, task: fail=1 }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "rp", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(cli.log("compensate"))
        .extracting(Cli.Mark::step)
        .as("newest first")
        .containsExactly("second", "first");
    assertThat(cli.log("compensate"))
        .extracting(Cli.Mark::key)
        .containsExactly("rp/second/1/compensate", "rp/first/1/compensate");
    assertThat(cli.markerText("first.compensate.task")).isEqualTo("undo first");
    assertThat(cli.markerText("second.compensate.args"))
        .as("{run: [argv]} runs that command")
        .isEqualTo("via-run");
    assertThat(cli.log("start"))
        .extracting(m -> m.step() + "/" + m.attempt())
        .as("the phase runs again, except the success that had no rollback")
        .containsExactly(
            "keep/1", "first/1", "second/1", "flaky/1", "first/2", "second/2", "flaky/2");
    List<JsonNode> events = cli.events("rp");
    assertThat(ofType(events, "StepCompensated"))
        .extracting(e -> e.path("step").asText())
        .containsExactly("second", "first");
    JsonNode replanned = ofType(events, "Replanned").getFirst();
    assertThat(replanned.path("decision").asText()).isEqualTo("retry");
    assertThat(replanned.path("reason").asText()).isNotBlank();
    assertThat(types(events))
        .containsSubsequence(
            "PhaseFailed",
            "RollbackStarted",
            "StepCompensated",
            "StepCompensated",
            "Replanned",
            "PhaseStarted",
            "RunSucceeded");
    assertThat(
            cli.markerJson("flaky.2.handoff.json").path("context").path("constraints").toString())
        .as("the retry is told why the first attempt failed")
        .contains("flaky failed on purpose");
  }

  @Test
  void rollback_run_compensates_every_completed_step_of_the_run_newest_first_and_ends_rolled_back()
      throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "undo",
            "name: undo\n"
                + AGENTS
                + """
                phases:
                  - name: one
                    mode: sequential
                    steps:
                      - { id: a1, agent: a, task: go, rollback: undo }
                      - { id: a2, agent: b, task: go, rollback: undo }
                  - name: two
                    mode: sequential
                    onFailure: rollback-run
                    steps:
                      - { id: b1, agent: a, task: go, rollback: undo }
                      - { id: b2, agent: a, task: exit=1 }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "rr", "--json");
    assertThat(r.exit()).as("%s", r).isEqualTo(1);
    assertThat(r.json().path("state").asText()).isEqualTo("ROLLED_BACK");
    assertThat(cli.log("compensate")).extracting(Cli.Mark::step).containsExactly("b1", "a2", "a1");
    List<JsonNode> events = cli.events("rr");
    assertThat(types(events).getLast()).isEqualTo("RunRolledBack");
    assertThat(cli.show("rr").path("steps"))
        .extracting(s -> s.path("id").asText() + ":" + s.path("state").asText())
        .contains("a1:COMPENSATED", "a2:COMPENSATED", "b1:COMPENSATED", "b2:FAILED");
  }

  @Test
  void skip_compensates_only_the_failed_step_and_the_phase_goes_on() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "skip",
            "name: skip\n"
                + AGENTS
                + """
                phases:
                  - name: optional
                    mode: sequential
                    onFailure: skip
                    steps:
                      - { id: done, agent: a, task: go, rollback: undo }
                      - { id: broken, agent: a, task: exit=1, rollback: "undo broken" }
                      - { id: next, agent: a, task: go }
                  - name: later
                    mode: sequential
                    steps:
                      - { id: last, agent: b, task: go }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "sk", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(r.json().path("steps"))
        .extracting(s -> s.path("id").asText() + ":" + s.path("state").asText())
        .containsExactly("done:SUCCEEDED", "broken:SKIPPED", "next:SUCCEEDED", "last:SUCCEEDED");
    assertThat(cli.log("compensate")).extracting(Cli.Mark::step).containsExactly("broken");
    assertThat(ofType(cli.events("sk"), "StepSkipped"))
        .extracting(e -> e.path("step").asText())
        .containsExactly("broken");
  }

  @Test
  void escalate_puts_the_run_before_a_person_and_decide_retry_continues_it_after_resume()
      throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "esc",
            "name: esc\n"
                + AGENTS
                + """
                phases:
                  - name: risky
                    mode: sequential
                    onFailure: escalate
                    steps:
                      - { id: shaky, agent: a, task: fail=1 }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "es", "--exit-on-human", "--json");
    assertThat(r.exit()).as("%s", r).isEqualTo(3);
    assertThat(r.json().path("state").asText()).isEqualTo("WAITING");
    JsonNode inbox = cli.json("inbox", "--json");
    assertThat(inbox).hasSize(1);
    JsonNode task = inbox.get(0);
    assertThat(task.path("run").asText()).isEqualTo("es");
    assertThat(task.path("kind").asText()).isEqualTo("escalation");
    assertThat(task.path("question").asText()).contains("shaky");
    assertThat(EngineEndToEndTest.texts(task.path("options"))).contains("continue", "abort");
    assertThat(task.path("opened").asText()).isNotBlank();
    assertThat(cli.log("compensate")).isEmpty();

    Cli.Result decided =
        cli.baton(
            "decide",
            task.path("id").asText(),
            "retry",
            "shaky",
            "--by",
            "carol",
            "--note",
            "try once more");
    assertThat(decided.exit()).as("%s", decided).isZero();
    Cli.Result resumed = cli.baton("resume", "es", "--json");
    assertThat(resumed.exit()).as("%s", resumed).isZero();
    assertThat(cli.log("end"))
        .extracting(m -> m.step() + "/" + m.attempt())
        .containsExactly("shaky/2");
    JsonNode resolved = ofType(cli.events("es"), "HumanTaskResolved").getFirst();
    assertThat(resolved.path("decision").asText()).isEqualTo("retry");
    assertThat(resolved.toString()).contains("carol").contains("try once more");
    assertThat(cli.json("inbox", "--json")).isEmpty();
  }

  @Test
  void a_failed_compensation_opens_a_human_task_and_the_run_waits_for_a_decision()
      throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "compfail",
            "name: compfail\n"
                + AGENTS
                + """
                phases:
                  - name: p
                    mode: sequential
                    steps:
                      - { id: migrate, agent: a, task: go, rollback: "undo compfail=1" }
                      - { id: deploy, agent: b, task: fail=1 }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "cf", "--exit-on-human", "--json");
    assertThat(r.exit()).as("%s", r).isEqualTo(3);
    List<JsonNode> events = cli.events("cf");
    assertThat(ofType(events, "CompensationFailed"))
        .extracting(e -> e.path("step").asText())
        .containsExactly("migrate");
    assertThat(types(events))
        .containsSubsequence("CompensationFailed", "HumanTaskOpened", "RunWaiting");
    assertThat(types(events)).doesNotContain("Replanned");
    JsonNode task = cli.json("inbox", "--json").get(0);
    assertThat(task.path("question").asText()).contains("migrate").contains("inconsistent");

    assertThat(cli.baton("decide", task.path("id").asText(), "retry").exit()).isZero();
    Cli.Result resumed = cli.baton("resume", "cf", "--json");
    assertThat(resumed.exit()).as("%s", resumed).isZero();
    assertThat(cli.log("compensate"))
        .extracting(Cli.Mark::step)
        .as("the compensation ran again")
        .containsExactly("migrate", "migrate");
    assertThat(types(cli.events("cf")))
        .containsSubsequence(
            "HumanTaskResolved", "RunResumed", "StepCompensated", "Replanned", "RunSucceeded");
  }

  @Test
  void replanning_retries_first_then_reassigns_the_step_to_another_capable_agent()
      throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "reassign",
            "name: reassign\n"
                + AGENTS
                + """
                phases:
                  - name: p
                    mode: sequential
                    maxReplans: 2
                    steps:
                      - { id: job, agent: a, requires: [alpha], task: fail=2 }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "ra", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    List<JsonNode> replans = ofType(cli.events("ra"), "Replanned");
    assertThat(replans)
        .extracting(e -> e.path("decision").asText() + ":" + e.path("agent").asText())
        .containsExactly("retry:a", "reassign:b");
    assertThat(replans.get(1).path("reason").asText()).isNotBlank();
    assertThat(cli.log("start"))
        .extracting(m -> m.attempt() + "@" + m.agent())
        .containsExactly("1@a", "2@a", "3@b");
    assertThat(r.json().path("steps").get(0).path("agent").asText()).isEqualTo("b");
  }

  @Test
  void
      replanning_retries_then_reassigns_then_after_max_replans_asks_a_person_and_reject_aborts_the_run()
          throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "giveup",
            "name: giveup\n"
                + AGENTS
                + """
                phases:
                  - name: p
                    mode: sequential
                    maxReplans: 2
                    steps:
                      - { id: done, agent: c, task: go, rollback: undo }
                      - { id: hopeless, agent: a, requires: [alpha], task: exit=1 }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "gu", "--exit-on-human");
    assertThat(r.exit()).as("%s", r).isEqualTo(3);
    assertThat(r.out()).contains("baton inbox").contains("baton resume gu");
    List<JsonNode> replans = ofType(cli.events("gu"), "Replanned");
    assertThat(replans)
        .extracting(e -> e.path("decision").asText() + ":" + e.path("agent").asText("-"))
        .containsExactly("retry:a", "reassign:b", "escalate:-");
    assertThat(replans.get(2).path("reason").asText()).contains("2 re-plans");
    assertThat(cli.log("start"))
        .extracting(m -> m.step() + "/" + m.attempt() + "@" + m.agent())
        .containsExactly(
            "done/1@c", "hopeless/1@a", "done/2@c", "hopeless/2@a", "done/3@c", "hopeless/3@b");
    assertThat(cli.log("compensate"))
        .extracting(Cli.Mark::step)
        .containsExactly("done", "done", "done");
    JsonNode task = cli.json("inbox", "--json").get(0);
    assertThat(task.path("question").asText()).contains("hopeless");
    assertThat(cli.baton("reject", task.path("id").asText(), "--by", "dave").exit()).isZero();
    Cli.Result resumed = cli.baton("resume", "gu", "--json");
    assertThat(resumed.exit()).as("%s", resumed).isEqualTo(1);
    assertThat(resumed.json().path("state").asText()).isEqualTo("CANCELLED");
  }

  @Test
  void a_finding_hands_the_lead_to_the_agent_an_escalation_rule_names() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "lead",
            """
            name: lead
            agents:
              a: { command: [sh, AGENT], keywords: [database] }
              b: { command: [sh, AGENT], keywords: [xss] }
            team: [a, b]
            escalation:
              - when: "'security' in findings"
                then: { primary: b }
                reason: Security implications
            phases:
              - name: triage
                mode: sequential
                steps:
                  - { id: assign, agent: meta, task: "Slow database queries", assigns: primary }
                  - { id: look, agent: primary, task: "finding=security" }
              - name: fix
                mode: sequential
                steps:
                  - { id: repair, agent: primary, task: repair }
            """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "ld", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    List<JsonNode> events = cli.events("ld");
    assertThat(ofType(events, "PrimaryAssigned"))
        .extracting(e -> e.path("agent").asText())
        .containsExactly("a", "b");
    assertThat(ofType(events, "PrimaryAssigned").get(1).path("reason").asText())
        .isEqualTo("Security implications");
    assertThat(ofType(events, "Escalated"))
        .hasSize(1)
        .first()
        .satisfies(e -> assertThat(e.path("reason").asText()).isEqualTo("Security implications"));
    assertThat(find(r.json().path("steps"), "id", "look").path("agent").asText()).isEqualTo("a");
    assertThat(find(r.json().path("steps"), "id", "repair").path("agent").asText()).isEqualTo("b");
    assertThat(cli.show("ld").path("primary").asText()).isEqualTo("b");
  }

  @Test
  void a_human_rule_makes_the_live_run_wait_and_approval_from_a_second_process_lets_it_go_on()
      throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "approve",
            "name: approve\n"
                + AGENTS
                + """
                escalation:
                  - when: "'risky' in findings"
                    then: human
                    reason: A risky change needs a person
                phases:
                  - name: p
                    mode: sequential
                    steps:
                      - { id: change, agent: a, task: "finding=risky" }
                      - { id: after, agent: b, task: go }
                """);
    Cli.Running run = cli.start("run", wf.toString(), "--id", "ap", "--json");
    JsonNode opened = cli.awaitEvent("ap", "HumanTaskOpened");
    assertThat(cli.json("runs", "--json").get(0).path("state").asText()).isEqualTo("WAITING");
    assertThat(cli.marker("after.1.start")).as("no step starts while the run waits").isFalse();
    Cli.Result approved =
        cli.baton("approve", opened.path("task").asText(), "--by", "erin", "--note", "looks fine");
    assertThat(approved.exit()).as("%s", approved).isZero();
    Cli.Result end = run.await();
    assertThat(end.exit()).as("%s", end).isZero();
    List<JsonNode> events = cli.events("ap");
    assertThat(ofType(events, "Escalated")).hasSize(1);
    assertThat(types(events))
        .containsSubsequence(
            "Escalated",
            "HumanTaskOpened",
            "RunWaiting",
            "HumanTaskResolved",
            "RunResumed",
            "RunSucceeded");
    JsonNode resolved = ofType(events, "HumanTaskResolved").getFirst();
    assertThat(resolved.toString()).contains("erin").contains("looks fine");
  }

  @Test
  void an_abort_rule_cancels_the_run_and_compensates_what_was_done() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "abort",
            "name: abort\n"
                + AGENTS
                + """
                escalation:
                  - when: "'fatal' in findings"
                    then: abort
                    reason: Fatal finding
                phases:
                  - name: p
                    mode: sequential
                    steps:
                      - { id: prepare, agent: a, task: go, rollback: undo }
                      - { id: inspect, agent: b, task: "finding=fatal sleep=0.5" }
                      - { id: never, agent: a, task: go }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "ab", "--json");
    assertThat(r.exit()).as("%s", r).isEqualTo(1);
    assertThat(r.json().path("state").asText()).isEqualTo("CANCELLED");
    assertThat(cli.log("compensate")).extracting(Cli.Mark::step).containsExactly("prepare");
    assertThat(cli.marker("never.1.start")).isFalse();
    JsonNode escalated = ofType(cli.events("ab"), "Escalated").getFirst();
    assertThat(escalated.path("reason").asText()).isEqualTo("Fatal finding");
  }

  @Test
  void cancel_from_a_second_process_stops_running_steps_compensates_and_ends_cancelled()
      throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "cancel",
            "name: cancel\n"
                + AGENTS
                + """
                phases:
                  - name: p
                    mode: sequential
                    steps:
                      - { id: setup, agent: a, task: go, rollback: undo }
                      - { id: long, agent: b, task: "sleep=60 child=1" }
                """);
    Cli.Running run = cli.start("run", wf.toString(), "--id", "cn", "--json");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> cli.marker("long.1.child"));
    Cli.Result cancel = cli.baton("cancel", "cn", "--by", "frank");
    assertThat(cancel.exit()).as("%s", cancel).isZero();
    Cli.Result end = run.await();
    assertThat(end.exit()).as("%s", end).isEqualTo(1);
    assertThat(end.json().path("state").asText()).isEqualTo("CANCELLED");
    assertThat(Cli.gone(cli.markerText("long.1.start").split(" ")[2])).isTrue();
    assertThat(Cli.gone(cli.markerText("long.1.child"))).isTrue();
    assertThat(cli.log("compensate")).extracting(Cli.Mark::step).containsExactly("setup");
    assertThat(types(cli.events("cn")))
        .contains("StepCancelled", "StepCompensated", "RunCancelled");
  }

  @Test
  void cancel_while_the_run_waits_for_a_person_ends_it_cancelled() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "waitcancel",
            "name: waitcancel\n"
                + AGENTS
                + """
                escalation:
                  - { when: "'ask' in findings", then: human, reason: Ask first }
                phases:
                  - name: p
                    mode: sequential
                    steps:
                      - { id: done, agent: a, task: "finding=ask", rollback: undo }
                      - { id: after, agent: b, task: go }
                """);
    Cli.Running run = cli.start("run", wf.toString(), "--id", "wc", "--json");
    cli.awaitEvent("wc", "RunWaiting");
    assertThat(cli.baton("cancel", "wc").exit()).isZero();
    Cli.Result end = run.await();
    assertThat(end.exit()).as("%s", end).isEqualTo(1);
    assertThat(end.json().path("state").asText()).isEqualTo("CANCELLED");
    assertThat(cli.log("compensate")).extracting(Cli.Mark::step).containsExactly("done");
    assertThat(cli.marker("after.1.start")).isFalse();
  }

  @Test
  void cancelling_a_critical_run_needs_a_persons_approval() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "critical",
            "name: critical\n"
                + AGENTS
                + """
                priority: critical
                phases:
                  - name: p
                    mode: sequential
                    steps:
                      - { id: long, agent: a, task: "sleep=60" }
                """);
    Cli.Running run = cli.start("run", wf.toString(), "--id", "cr", "--json");
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(60))
        .until(() -> cli.marker("long.1.start"));
    assertThat(cli.baton("cancel", "cr", "--by", "gina").exit()).isZero();
    JsonNode opened = cli.awaitEvent("cr", "HumanTaskOpened");
    assertThat(opened.path("kind").asText()).isEqualTo("approval");
    assertThat(run.process.isAlive()).as("not cancelled without approval").isTrue();
    assertThat(cli.json("runs", "--json").get(0).path("state").asText()).isIn("RUNNING", "WAITING");
    JsonNode inbox = cli.json("inbox", "--json");
    assertThat(inbox).extracting(t -> t.path("kind").asText()).containsExactly("approval");
    assertThat(cli.baton("approve", opened.path("task").asText(), "--by", "hank").exit()).isZero();
    Cli.Result end = run.await();
    assertThat(end.exit()).as("%s", end).isEqualTo(1);
    assertThat(end.json().path("state").asText()).isEqualTo("CANCELLED");
    assertThat(Cli.gone(cli.markerText("long.1.start").split(" ")[2])).isTrue();
  }

  @Test
  void a_human_agents_steps_become_input_tasks_that_approve_and_reject_answer() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "people",
            "name: people\n"
                + AGENTS
                + """
                  lead: { human: true }
                phases:
                  - name: sign
                    mode: sequential
                    steps:
                      - { id: work, agent: a, task: go, rollback: undo }
                      - { id: signoff, agent: lead, task: "Sign off the release" }
                  - name: veto
                    mode: sequential
                    onFailure: rollback-run
                    steps:
                      - { id: final-word, agent: lead, task: "Ship it?" }
                """);
    Cli.Result first = cli.baton("run", wf.toString(), "--id", "pp", "--exit-on-human");
    assertThat(first.exit()).as("%s", first).isEqualTo(3);
    JsonNode task = cli.json("inbox", "--json").get(0);
    assertThat(task.path("kind").asText()).isEqualTo("input");
    assertThat(task.path("question").asText()).isEqualTo("Sign off the release");
    assertThat(
            cli.baton("approve", task.path("id").asText(), "--by", "ivy", "--note", "signed")
                .exit())
        .isZero();

    Cli.Result second = cli.baton("resume", "pp", "--exit-on-human");
    assertThat(second.exit()).as("%s", second).isEqualTo(3);
    JsonNode veto = cli.json("inbox", "--json").get(0);
    assertThat(veto.path("question").asText()).isEqualTo("Ship it?");
    assertThat(
            cli.baton("reject", veto.path("id").asText(), "--by", "ivy", "--note", "not yet")
                .exit())
        .isZero();

    Cli.Result end = cli.baton("resume", "pp", "--json");
    assertThat(end.exit()).as("%s", end).isEqualTo(1);
    assertThat(end.json().path("state").asText()).isEqualTo("ROLLED_BACK");
    JsonNode show = cli.show("pp");
    JsonNode signoff = find(show.path("steps"), "id", "signoff");
    assertThat(signoff.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(signoff.path("output").path("by").asText()).isEqualTo("ivy");
    assertThat(find(show.path("steps"), "id", "final-word").path("state").asText())
        .isEqualTo("FAILED");
    assertThat(cli.log("compensate")).extracting(Cli.Mark::step).containsExactly("work");
  }

  @Test
  void decide_reassign_gives_the_failed_step_to_the_named_agent() throws Exception {
    Cli cli = Cli.in(dir);
    Path wf =
        cli.workflow(
            "handover",
            "name: handover\n"
                + AGENTS
                + """
                phases:
                  - name: p
                    mode: sequential
                    onFailure: escalate
                    steps:
                      - { id: job, agent: a, task: fail=1 }
                """);
    assertThat(cli.baton("run", wf.toString(), "--id", "rs", "--exit-on-human").exit())
        .isEqualTo(3);
    String task = cli.json("inbox", "--json").get(0).path("id").asText();
    Cli.Result bad = cli.baton("decide", task, "reassign", "job");
    assertThat(bad.exit()).as("reassign needs STEP AGENT: %s", bad).isEqualTo(2);
    assertThat(cli.baton("decide", task, "reassign", "job", "c").exit()).isZero();
    Cli.Result end = cli.baton("resume", "rs", "--json");
    assertThat(end.exit()).as("%s", end).isZero();
    assertThat(cli.log("start"))
        .extracting(m -> m.attempt() + "@" + m.agent())
        .containsExactly("1@a", "2@c");
    assertThat(ofType(cli.events("rs"), "Replanned"))
        .extracting(e -> e.path("decision").asText() + ":" + e.path("agent").asText())
        .containsExactly("reassign:c");
  }
}
