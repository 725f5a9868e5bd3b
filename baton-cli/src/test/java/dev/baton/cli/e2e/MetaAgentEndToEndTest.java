package dev.baton.cli.e2e;

import static dev.baton.cli.e2e.Cli.ofType;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The meta agent's judgement through {@code ./baton}: an unsure triage asks a person who should
 * lead, the person's choice becomes an example, and the next run with a similar report decides
 * alone; examples are listed and removed with {@code baton meta examples}.
 */
class MetaAgentEndToEndTest {
  @TempDir Path dir;

  static final String WORKFLOW =
      """
      name: triaged
      inputs:
        report: { required: true }
      agents:
        database: { command: [sh, AGENT], role: Database Agent, keywords: [sql, migration, index] }
        frontend: { command: [sh, AGENT], role: Frontend Agent, keywords: [css, button, layout] }
        devops: { command: [sh, AGENT], role: DevOps Agent, keywords: [deploy, kubernetes] }
      team: [database, frontend, devops]
      phases:
        - name: triage
          mode: sequential
          steps:
            - { id: assign, agent: meta, task: "{{inputs.report}}", assigns: primary }
        - name: fix
          mode: sequential
          steps:
            - { id: lead, agent: primary, task: lead }
      """;

  @Test
  void an_unsure_triage_asks_a_person_and_learns_from_the_answer() throws Exception {
    Cli cli = Cli.in(dir).env("BATON_EMBEDDINGS", "off");
    Path wf = cli.workflow("triaged", WORKFLOW);
    String report = "The weekly digest e-mail arrives twice for every customer on Mondays";

    Cli.Result first =
        cli.baton("run", wf.toString(), "-i", "report=" + report, "--id", "t1", "--exit-on-human");
    assertThat(first.exit()).as("%s", first).isEqualTo(3);
    JsonNode task = cli.json("inbox", "--json").get(0);
    assertThat(task.path("question").asText()).startsWith("Who should lead?");
    assertThat(EngineEndToEndTest.texts(task.path("options")))
        .contains("lead database", "lead frontend", "lead devops", "abort");
    JsonNode asked = ofType(cli.events("t1"), "StepSucceeded").getFirst().path("output");
    assertThat(asked.has("primary")).isFalse();
    assertThat(asked.path("candidates")).hasSize(3);

    Cli.Result decided =
        cli.baton("decide", task.path("id").asText(), "lead", "devops", "--by", "ana");
    assertThat(decided.exit()).as("%s", decided).isZero();
    Cli.Result resumed = cli.baton("resume", "t1");
    assertThat(resumed.exit()).as("%s", resumed).isZero();
    assertThat(cli.show("t1").path("primary").asText()).isEqualTo("devops");
    assertThat(ofType(cli.events("t1"), "PrimaryAssigned").getFirst().path("reason").asText())
        .isEqualTo("chosen by ana");

    JsonNode examples = cli.json("meta", "examples", "--json");
    assertThat(examples).hasSize(1);
    assertThat(examples.get(0).path("agent").asText()).isEqualTo("devops");
    assertThat(examples.get(0).path("origin").asText()).isEqualTo("t1");
    assertThat(examples.get(0).path("report").asText()).isEqualTo(report);

    Cli.Result second =
        cli.baton(
            "run",
            wf.toString(),
            "-i",
            "report=The weekly digest e-mail arrives twice for each customer on Mondays again",
            "--id",
            "t2",
            "--exit-on-human");
    assertThat(second.exit()).as("%s", second).isZero();
    assertThat(cli.show("t2").path("primary").asText()).isEqualTo("devops");
    assertThat(ofType(cli.events("t2"), "PrimaryAssigned").getFirst().path("reason").asText())
        .contains("nearest example " + examples.get(0).path("id").asText());

    Cli.Result removed =
        cli.baton("meta", "examples", "remove", examples.get(0).path("id").asText());
    assertThat(removed.exit()).as("%s", removed).isZero();
    assertThat(cli.json("meta", "examples", "--json")).isEmpty();
  }

  @Test
  void a_clear_report_is_decided_with_its_confidence_and_reasons_in_the_journal() throws Exception {
    Cli cli = Cli.in(dir).env("BATON_EMBEDDINGS", "off");
    Path wf = cli.workflow("triaged", WORKFLOW);
    Cli.Result r =
        cli.baton(
            "run",
            wf.toString(),
            "-i",
            "report=Migration 0042 locks the orders table: ERROR: deadlock detected, SQL state: 40P01",
            "--id",
            "c1");
    assertThat(r.exit()).as("%s", r).isZero();
    JsonNode assigned = ofType(cli.events("c1"), "PrimaryAssigned").getFirst();
    assertThat(assigned.path("agent").asText()).isEqualTo("database");
    assertThat(assigned.path("reason").asText()).startsWith("confidence ").contains("evidence:");
    JsonNode output =
        EngineEndToEndTest.find(cli.show("c1").path("steps"), "id", "assign").path("output");
    assertThat(output.path("confidence").asDouble()).isGreaterThan(0.4);
    assertThat(output.path("reason").asText()).contains("deadlock detected");
    assertThat(List.of(cli.baton("meta", "examples").out()))
        .allMatch(s -> s.contains("No examples"));
  }
}
