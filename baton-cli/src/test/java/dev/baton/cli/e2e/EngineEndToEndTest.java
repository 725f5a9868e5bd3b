package dev.baton.cli.e2e;

import static dev.baton.cli.e2e.Cli.ofType;
import static dev.baton.cli.e2e.Cli.types;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine seen from the command line (docs/architecture.md#how-a-run-moves): workflows of the
 * test agent ({@code e2e/agent.sh}) run by {@code ./baton}, proven by its marker files and the
 * journal.
 */
class EngineEndToEndTest {
  static final String AGENTS =
      """
      agents:
        a: { command: [sh, AGENT], capabilities: [alpha] }
        b: { command: [sh, AGENT], capabilities: [beta] }
        c: { command: [sh, AGENT], capabilities: [gamma] }
      """;

  @TempDir Path dir;

  Cli cli() {
    return Cli.in(dir);
  }

  @Test
  void sequential_steps_run_one_after_another_in_their_order() throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "seq",
            "name: seq\n"
                + AGENTS
                + """
                phases:
                  - name: build
                    mode: sequential
                    steps:
                      - { id: first, agent: a, task: sleep=0.2 }
                      - { id: second, agent: b, task: sleep=0.2 }
                      - { id: third, agent: a, task: sleep=0.2 }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "seq", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(r.json().path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(cli.nanos("first.1.end")).isLessThan(cli.nanos("second.1.start"));
    assertThat(cli.nanos("second.1.end")).isLessThan(cli.nanos("third.1.start"));
    List<JsonNode> events = cli.events("seq");
    assertThat(ofType(events, "StepStarted").stream().map(e -> e.path("step").asText()))
        .containsExactly("first", "second", "third");
    assertThat(ofType(events, "StepSucceeded").stream().map(e -> e.path("step").asText()))
        .containsExactly("first", "second", "third");
  }

  @Test
  void parallel_steps_really_run_at_the_same_time() throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "par",
            "name: par\n"
                + AGENTS
                + """
                phases:
                  - name: fan
                    mode: parallel
                    steps:
                      - { id: one, agent: a, task: sleep=1.5 }
                      - { id: two, agent: b, task: sleep=1.5 }
                      - { id: three, agent: c, task: sleep=1.5 }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "par", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    long lastStart =
        max(cli.nanos("one.1.start"), cli.nanos("two.1.start"), cli.nanos("three.1.start"));
    long firstEnd = min(cli.nanos("one.1.end"), cli.nanos("two.1.end"), cli.nanos("three.1.end"));
    assertThat(lastStart)
        .as("every step started before any ended: they overlap")
        .isLessThan(firstEnd);
  }

  @Test
  void a_failed_step_stops_its_phase_and_its_running_siblings_processes_are_gone()
      throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "gate",
            "name: gate\n"
                + AGENTS
                + """
                rules: { onFailure: rollback-run }
                phases:
                  - name: gate
                    mode: parallel
                    steps:
                      - { id: slow, agent: a, task: "sleep=60 child=1" }
                      - { id: broken, agent: b, task: "sleep=0.5 exit=1" }
                  - name: never
                    mode: sequential
                    steps:
                      - { id: after, agent: c, task: never }
                """);
    Instant started = Instant.now();
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "gate", "--json");
    assertThat(r.exit()).as("%s", r).isEqualTo(1);
    assertThat(java.time.Duration.between(started, Instant.now()))
        .as("the slow sibling was not waited for")
        .isLessThan(java.time.Duration.ofSeconds(40));
    assertThat(r.json().path("state").asText()).isEqualTo("ROLLED_BACK");
    assertThat(Cli.gone(cli.markerText("slow.1.start").split(" ")[2]))
        .as("the sibling's process is gone")
        .isTrue();
    assertThat(Cli.gone(cli.markerText("slow.1.child"))).as("its child process is gone").isTrue();
    assertThat(cli.marker("slow.1.end")).isFalse();
    assertThat(cli.marker("after.1.start")).as("the next phase never starts").isFalse();
    List<JsonNode> events = cli.events("gate");
    assertThat(ofType(events, "StepCancelled"))
        .extracting(e -> e.path("step").asText())
        .containsExactly("slow");
    assertThat(ofType(events, "PhaseFailed"))
        .extracting(e -> e.path("step").asText())
        .containsExactly("broken");
    assertThat(types(events)).doesNotContain("PhaseSucceeded");
  }

  @Test
  void the_handoff_carries_context_criteria_estimate_outputs_and_the_idempotency_key()
      throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "handoff",
            "name: handoff\n"
                + AGENTS
                + """
                inputs:
                  topic: { default: sockets }
                constraints: ["Keep the API stable"]
                phases:
                  - name: design
                    mode: sequential
                    steps:
                      - { id: schema, agent: a, task: "notes=1 out=table:rooms" }
                      - id: api
                        agent: b
                        task: "build on {{steps.schema.output.table}} for {{inputs.topic}}"
                        estimate: 10m
                        success: Every endpoint answers
                        escalateWhen: [The schema is missing]
                  - name: ship
                    mode: sequential
                    steps:
                      - { id: deploy, agent: c, task: deploy }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "ho", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    JsonNode h = cli.markerJson("api.1.handoff.json");
    assertThat(h.path("fromAgent").asText()).isEqualTo("a");
    assertThat(h.path("toAgent").asText()).isEqualTo("b");
    assertThat(h.path("taskId").asText()).isEqualTo("ho/api/1");
    assertThat(h.path("idempotencyKey").asText()).isEqualTo("ho/api/1");
    assertThat(h.path("task").asText()).isEqualTo("build on rooms for sockets");
    JsonNode ctx = h.path("context");
    assertThat(ctx.path("completedWork").asText())
        .contains("schema")
        .contains("schema laid the groundwork");
    assertThat(ctx.path("remainingWork").asText()).contains("deploy");
    assertThat(texts(ctx.path("constraints")))
        .contains("Keep the API stable", "keep schema intact");
    assertThat(texts(ctx.path("dependencies"))).contains("schema");
    assertThat(h.path("successCriteria").asText()).isEqualTo("Every endpoint answers");
    assertThat(h.path("estimatedTime").asInt()).as("minutes").isEqualTo(10);
    assertThat(texts(h.path("escalationConditions"))).containsExactly("The schema is missing");
    assertThat(h.path("inputs").path("topic").asText()).isEqualTo("sockets");
    assertThat(h.path("outputs").path("schema").path("table").asText()).isEqualTo("rooms");
    assertThat(cli.markerJson("api.1.stdin.json"))
        .as("the same handoff on standard input")
        .isEqualTo(h);
    assertThat(cli.markerJson("schema.1.handoff.json").path("fromAgent").asText())
        .as("the first step's handoff comes from meta")
        .isEqualTo("meta");
    JsonNode journaled =
        ofType(cli.events("ho"), "HandoffSent").stream()
            .filter(e -> e.path("step").asText().equals("api"))
            .findFirst()
            .orElseThrow();
    assertThat(journaled.path("handoff")).as("every handoff is journaled").isEqualTo(h);
  }

  @Test
  void status_reports_and_findings_are_journaled_and_shown() throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "findings",
            "name: findings\n"
                + AGENTS
                + """
                phases:
                  - name: look
                    mode: sequential
                    steps:
                      - { id: audit, agent: a, task: "finding=security" }
                """);
    assertThat(cli.baton("run", wf.toString(), "--id", "fi", "--json").exit()).isZero();
    List<JsonNode> events = cli.events("fi");
    JsonNode status = ofType(events, "StatusReported").getFirst();
    assertThat(status.path("step").asText()).isEqualTo("audit");
    assertThat(status.path("progress").asInt()).isEqualTo(50);
    assertThat(status.path("status").path("agentId").asText()).isEqualTo("a");
    assertThat(status.path("status").path("currentTask").asText()).isEqualTo("fi/audit/1");
    JsonNode finding = ofType(events, "FindingReported").getFirst();
    assertThat(texts(finding.path("tags"))).containsExactly("security");
    assertThat(texts(cli.show("fi").path("findings"))).containsExactly("security");
  }

  @Test
  void status_json_is_the_agents_board_with_each_agents_latest_report() throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "board",
            "name: board\n"
                + AGENTS
                + """
                phases:
                  - name: work
                    mode: parallel
                    steps:
                      - { id: left, agent: a, task: "sleep=0.1" }
                      - { id: right, agent: b, task: "sleep=0.1" }
                """);
    assertThat(cli.baton("run", wf.toString(), "--id", "bo", "--json").exit()).isZero();
    JsonNode board = cli.json("status", "--json");
    assertThat(board.isArray()).isTrue();
    assertThat(board).extracting(n -> n.path("agent").asText()).containsExactlyInAnyOrder("a", "b");
    JsonNode a = find(board, "agent", "a");
    assertThat(a.path("currentTask").asText()).isEqualTo("bo/left/1");
    assertThat(a.path("progress").asInt()).isEqualTo(50);
    assertThat(texts(a.path("blockers"))).containsExactly("none really");
    assertThat(a.has("estimatedCompletion")).isTrue();
    assertThat(a.path("requestedSupport").isArray()).isTrue();
  }

  @Test
  void outputs_of_earlier_steps_flow_into_later_templates() throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "flow",
            "name: flow\n"
                + AGENTS
                + """
                phases:
                  - name: make
                    mode: parallel
                    steps:
                      - { id: paint, agent: a, task: "out=color:blue out=shade:dark" }
                  - name: use
                    mode: sequential
                    steps:
                      - { id: draw, agent: b, task: "draw in {{steps.paint.output.color}} ({{steps.paint.output.shade}}) for run {{run.id}}" }
                """);
    assertThat(cli.baton("run", wf.toString(), "--id", "fl", "--json").exit()).isZero();
    assertThat(cli.markerText("draw.1.task")).isEqualTo("draw in blue (dark) for run fl");
    JsonNode started =
        ofType(cli.events("fl"), "StepStarted").stream()
            .filter(e -> e.path("step").asText().equals("draw"))
            .findFirst()
            .orElseThrow();
    assertThat(started.path("task").asText()).isEqualTo("draw in blue (dark) for run fl");
    assertThat(
            find(cli.show("fl").path("steps"), "id", "paint").path("output").path("color").asText())
        .isEqualTo("blue");
  }

  @Test
  void fan_out_gives_each_named_agent_and_each_supporting_agent_a_step_of_its_own()
      throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "fanout",
            """
            name: fanout
            agents:
              a: { command: [sh, AGENT], keywords: [database] }
              b: { command: [sh, AGENT], keywords: [css] }
              c: { command: [sh, AGENT], keywords: [deploy] }
            team: [a, b, c]
            phases:
              - name: triage
                mode: sequential
                steps:
                  - { id: assign, agent: meta, task: "The database loses rows", assigns: primary }
              - name: work
                mode: parallel
                steps:
                  - { id: review, agents: [a, c], task: review }
                  - { id: help, agent: supporting, task: help }
                  - { id: lead, agent: primary, task: lead }
            """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "fo", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(r.json().path("steps"))
        .extracting(s -> s.path("id").asText() + "@" + s.path("agent").asText())
        .containsExactlyInAnyOrder(
            "assign@meta", "review.a@a", "review.c@c", "help.b@b", "help.c@c", "lead@a");
    assertThat(cli.show("fo").path("primary").asText()).isEqualTo("a");
    assertThat(cli.log("end"))
        .extracting(m -> m.step() + "@" + m.agent())
        .containsExactlyInAnyOrder("review.a@a", "review.c@c", "help.b@b", "help.c@c", "lead@a");
  }

  @Test
  void foreach_builds_one_step_per_item_in_order_by_order() throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "loop",
            "name: loop\n"
                + AGENTS
                + """
                phases:
                  - name: each
                    mode: sequential
                    foreach: "[{'name': 'gamma', 'impact': 'low'}, {'name': 'alpha', 'impact': 'high'}, {'name': 'beta', 'impact': 'medium'}]"
                    orderBy: item.impact desc
                    steps:
                      - { id: opt, agent: a, task: "optimize {{item.name}}" }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "lo", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(r.json().path("steps"))
        .extracting(s -> s.path("id").asText())
        .containsExactly("opt.1", "opt.2", "opt.3");
    assertThat(cli.log("start"))
        .extracting(m -> m.step())
        .containsExactly("opt.1", "opt.2", "opt.3");
    assertThat(
            List.of(
                cli.markerText("opt.1.1.task"),
                cli.markerText("opt.2.1.task"),
                cli.markerText("opt.3.1.task")))
        .containsExactly("optimize alpha", "optimize beta", "optimize gamma");
  }

  @Test
  void a_failing_step_is_retried_with_doubling_backoff() throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "retry",
            "name: retry\n"
                + AGENTS
                + """
                phases:
                  - name: flaky
                    mode: sequential
                    steps:
                      - { id: shaky, agent: a, task: "fail=2", retries: 2, retryDelay: 400ms }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "re", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(r.json().path("steps").get(0).path("attempts").asInt()).isEqualTo(3);
    List<JsonNode> retrying = ofType(cli.events("re"), "StepRetrying");
    assertThat(retrying).hasSize(2);
    assertThat(cli.log("start"))
        .extracting(m -> m.key())
        .containsExactly("re/shaky/1", "re/shaky/2", "re/shaky/3");
    long gap1 = (cli.nanos("shaky.2.start") - cli.nanos("shaky.1.start")) / 1_000_000;
    long gap2 = (cli.nanos("shaky.3.start") - cli.nanos("shaky.2.start")) / 1_000_000;
    assertThat(gap1).as("first delay (ms)").isGreaterThanOrEqualTo(400);
    assertThat(gap2).as("second delay doubles (ms)").isGreaterThanOrEqualTo(800);
  }

  @Test
  void a_timeout_stops_the_agent_and_every_process_it_started() throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "timeout",
            "name: timeout\n"
                + AGENTS
                + """
                rules: { onFailure: rollback-run }
                phases:
                  - name: hang
                    mode: sequential
                    steps:
                      - { id: stuck, agent: a, task: "sleep=120 child=1", timeout: 1s }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "to", "--json");
    assertThat(r.exit()).as("%s", r).isEqualTo(1);
    assertThat(r.json().path("steps").get(0).path("state").asText()).isEqualTo("TIMED_OUT");
    assertThat(Cli.gone(cli.markerText("stuck.1.start").split(" ")[2]))
        .as("the agent is gone")
        .isTrue();
    assertThat(Cli.gone(cli.markerText("stuck.1.child"))).as("its child is gone").isTrue();
    assertThat(types(cli.events("to"))).contains("StepTimedOut", "RunRolledBack");
  }

  @Test
  void an_attempt_past_its_estimate_raises_an_alert_and_keeps_running() throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "estimate",
            "name: estimate\n"
                + AGENTS
                + """
                rules: { alertAt: 1.5 }
                phases:
                  - name: slow
                    mode: sequential
                    steps:
                      - { id: overrun, agent: a, task: "sleep=1.5", estimate: 400ms }
                      - { id: quick, agent: a, task: "fine", estimate: 1m }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "es", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    List<JsonNode> alerts = ofType(cli.events("es"), "EstimateExceeded");
    assertThat(alerts).extracting(e -> e.path("step").asText()).containsExactly("overrun");
    assertThat(cli.marker("overrun.1.end")).as("the attempt ran to its end").isTrue();
  }

  @Test
  void malformed_protocol_lines_become_warnings_and_the_run_still_succeeds() throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "proto",
            "name: proto\n"
                + AGENTS
                + """
                phases:
                  - name: talk
                    mode: sequential
                    steps:
                      - { id: chatty, agent: a, task: "malformed=1 out=ok:yes" }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "pr", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    List<JsonNode> warnings = ofType(cli.events("pr"), "ProtocolWarning");
    assertThat(warnings)
        .hasSizeGreaterThanOrEqualTo(2)
        .allSatisfy(w -> assertThat(w.path("step").asText()).isEqualTo("chatty"));
    assertThat(
            find(cli.show("pr").path("steps"), "id", "chatty").path("output").path("ok").asText())
        .isEqualTo("yes");
  }

  @Test
  void secrets_reach_the_agent_but_never_the_store_the_journal_or_the_output() throws Exception {
    String secret = "s3cr3t-" + Long.toHexString(System.nanoTime());
    Cli cli = cli().env("E2E_TOKEN", secret);
    Path wf =
        cli.workflow(
            "secret",
            """
            name: secret
            agents:
              a: { command: [sh, AGENT], env: { TOKEN: "${secret:E2E_TOKEN}" } }
            rules: { onFailure: rollback-run }
            phases:
              - name: use
                mode: sequential
                steps:
                  - { id: leak, agent: a, task: "secret=TOKEN" }
                  - { id: fail, agent: a, task: "secret=TOKEN exit=3", retries: 0 }
            """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "se");
    assertThat(r.exit()).as("%s", r).isEqualTo(1);
    assertThat(cli.markerText("leak.1.secret")).as("the agent got the secret").isEqualTo(secret);
    assertThat(r.out() + r.err()).doesNotContain(secret);
    Cli.Result events = cli.baton("events", "se", "--json");
    assertThat(events.out()).doesNotContain(secret).contains("stderr knows *** too");
    assertThat(cli.baton("show", "se", "--json").out()).doesNotContain(secret);
    for (String f : new String[] {"baton.db", "baton.db-wal", "baton.db-shm"}) {
      Path p = cli.dir.resolve(f);
      if (Files.exists(p))
        assertThat(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1))
            .as(f)
            .doesNotContain(secret);
    }
  }

  @Test
  void exit_codes_say_succeeded_failed_bad_usage_and_store_error() throws Exception {
    Cli cli = cli();
    Path ok =
        cli.workflow(
            "ok",
            "name: ok\n"
                + AGENTS
                + """
                inputs: { who: { required: true } }
                phases:
                  - { name: p, mode: sequential, steps: [ { id: s, agent: a, task: "hi {{inputs.who}}" } ] }
                """);
    Path bad =
        cli.workflow(
            "bad",
            "name: bad\n"
                + AGENTS
                + """
                rules: { onFailure: rollback-run }
                phases:
                  - { name: p, mode: sequential, steps: [ { id: s, agent: a, task: "exit=5" } ] }
                """);
    Path invalid =
        cli.workflow(
            "invalid",
            "name: invalid\n"
                + AGENTS
                + """
                phases:
                  - { name: p, mode: sequential, steps: [ { id: s, agent: nobody, task: x } ] }
                """);
    Files.writeString(
        cli.dir.resolve("junk.db"), "this is not a database file, not at all, really not");
    assertThat(cli.baton("run", ok.toString(), "-i", "who=me").exit()).as("succeeded").isZero();
    assertThat(cli.baton("run", bad.toString()).exit()).as("failed").isEqualTo(1);
    Cli.Result invalidRun = cli.baton("run", invalid.toString());
    assertThat(invalidRun.exit()).as("invalid file").isEqualTo(2);
    assertThat(invalidRun.diagnostics())
        .anySatisfy(
            l -> assertThat(l).startsWith(invalid + ":").contains("unknown agent 'nobody'"));
    assertThat(cli.baton("run", ok.toString()).exit()).as("missing required input").isEqualTo(2);
    assertThat(cli.baton("run", ok.toString(), "-i", "who=me", "-i", "what=x").exit())
        .as("unknown input")
        .isEqualTo(2);
    assertThat(cli.baton("run").exit()).as("no file").isEqualTo(2);
    Cli.Result store = cli.baton("runs", "--db", cli.dir.resolve("junk.db").toString());
    assertThat(store.exit()).as("store error").isEqualTo(4);
    assertThat(store.err()).contains("cannot open the store").doesNotContain("\tat ");
    assertThat(cli.json("runs", "--json")).as("only the two valid runs ran").hasSize(2);
  }

  @Test
  void json_outputs_of_run_runs_show_and_events_have_the_documented_shapes() throws Exception {
    Cli cli = cli();
    Path wf =
        cli.workflow(
            "shapes",
            "name: shapes\n"
                + AGENTS
                + """
                inputs: { color: { default: red } }
                priority: high
                phases:
                  - name: only
                    mode: sequential
                    steps:
                      - { id: one, agent: a, task: "out=color:{{inputs.color}}" }
                      - { id: two, agent: b, task: two }
                """);
    Cli.Result r = cli.baton("run", wf.toString(), "--id", "sh", "-i", "color=green", "--json");
    assertThat(r.exit()).as("%s", r).isZero();
    assertThat(r.out().strip().lines()).as("one JSON document and nothing else").hasSize(1);
    JsonNode summary = r.json();
    assertThat(summary.path("run").asText()).isEqualTo("sh");
    assertThat(summary.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(summary.path("steps"))
        .hasSize(2)
        .allSatisfy(s -> {
          assertThat(s.path("id").isTextual()).isTrue();
          assertThat(s.path("agent").isTextual()).isTrue();
          assertThat(s.path("state").asText()).isEqualTo("SUCCEEDED");
          assertThat(s.path("attempts").asInt()).isEqualTo(1);
          assertThat(s.path("duration").isNumber()).isTrue();
        });

    JsonNode runs = cli.json("runs", "--json");
    assertThat(runs).hasSize(1);
    JsonNode run = runs.get(0);
    assertThat(run.path("run").asText()).isEqualTo("sh");
    assertThat(run.path("workflow").asText()).isEqualTo("shapes");
    assertThat(run.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(run.path("priority").asText()).isEqualTo("high");
    assertThat(Instant.parse(run.path("started").asText()))
        .isBeforeOrEqualTo(Instant.parse(run.path("ended").asText()));

    JsonNode show = cli.show("sh");
    assertThat(show.path("run").asText()).isEqualTo("sh");
    assertThat(show.path("workflow").asText()).isEqualTo("shapes");
    assertThat(show.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(show.path("priority").asText()).isEqualTo("high");
    assertThat(show.has("primary")).isTrue();
    assertThat(show.path("inputs").path("color").asText()).isEqualTo("green");
    assertThat(show.path("humanTasks").isArray()).isTrue();
    JsonNode one = find(show.path("steps"), "id", "one");
    assertThat(one.path("phase").asText()).isEqualTo("only");
    assertThat(one.path("agent").asText()).isEqualTo("a");
    assertThat(one.path("state").asText()).isEqualTo("SUCCEEDED");
    assertThat(one.path("attempts").asInt()).isEqualTo(1);
    assertThat(one.path("duration").isNumber()).isTrue();
    assertThat(one.path("output").path("color").asText()).isEqualTo("green");

    List<JsonNode> events = cli.events("sh");
    for (int i = 0; i < events.size(); i++) {
      JsonNode e = events.get(i);
      assertThat(e.path("seq").asLong()).isEqualTo(i + 1);
      assertThat(e.path("run").asText()).isEqualTo("sh");
      assertThat(Instant.parse(e.path("time").asText())).isNotNull();
      assertThat(e.path("type").isTextual()).isTrue();
    }
    assertThat(types(events).getFirst()).isEqualTo("RunStarted");
    assertThat(types(events).getLast()).isEqualTo("RunSucceeded");
    JsonNode succeeded = ofType(events, "StepSucceeded").getFirst();
    assertThat(succeeded.path("phase").asText()).isEqualTo("only");
    assertThat(succeeded.path("agent").asText()).isEqualTo("a");
    assertThat(succeeded.path("attempt").asInt()).isEqualTo(1);
    assertThat(succeeded.path("output").path("color").asText()).isEqualTo("green");
  }

  static JsonNode find(JsonNode array, String field, String value) {
    for (JsonNode n : array) if (n.path(field).asText().equals(value)) return n;
    throw new AssertionError("no element with " + field + "=" + value + " in " + array);
  }

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static long max(long... xs) {
    return java.util.Arrays.stream(xs).max().orElseThrow();
  }

  private static long min(long... xs) {
    return java.util.Arrays.stream(xs).min().orElseThrow();
  }
}
