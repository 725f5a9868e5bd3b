package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing leaked: agents see a clean environment, and a secret a workflow names is redacted from
 * the first event on, wherever an agent prints it.
 */
class LeaksEndToEndTest {
  @TempDir Path dir;

  @Test
  void a_secret_printed_before_its_first_use_is_nowhere_and_agents_see_a_clean_environment()
      throws Exception {
    String secret = "tok-" + Long.toHexString(System.nanoTime());
    Cli cli =
        Cli.in(dir)
            .env("TOKEN", secret)
            .env("ALLOWED_VAR", "allowed-value")
            .env("OTHER_VAR", "other-value");
    Path env = dir.resolve("env.txt");
    Path talker = dir.resolve("talker.sh");
    Files.writeString(
        talker,
        """
        #!/bin/sh
        env > '%s'
        echo "@baton status {\\"progress\\": 50, \\"message\\": \\"status $TOKEN\\"}"
        echo "@baton finding {\\"tags\\": [\\"security\\"], \\"summary\\": \\"finding $TOKEN\\"}"
        echo "@baton handoff {\\"completedWork\\": \\"notes $TOKEN\\", \\"remainingWork\\": \\"\\", \\"constraints\\": []}"
        echo "stderr $TOKEN" >&2
        echo "@baton output {\\"x\\": \\"output $TOKEN\\"}"
        """
            .formatted(env));
    Path wf =
        cli.workflow(
            "leak",
            """
            name: leak
            agents:
              talker: { command: [sh, %s], inheritEnv: [TOKEN, ALLOWED_VAR] }
              user: { command: [sh, AGENT], env: { KEY: "${secret:TOKEN}" } }
            phases:
              - name: p
                mode: sequential
                steps:
                  - { id: s1, agent: talker, task: talk }
                  - { id: s2, agent: user, task: "uses the key" }
            """
                .formatted(talker));

    List<Cli.Result> outputs = new ArrayList<>();
    Cli.Result run = cli.baton("run", wf.toString(), "--id", "lk");
    assertThat(run.exit()).as("%s", run).isZero();
    outputs.add(run);
    for (String[] args :
        new String[][] {
          {"events", "lk", "--json"},
          {"events", "lk"},
          {"show", "lk", "--json"},
          {"show", "lk"},
          {"runs"},
          {"status"},
          {"status", "--json"},
          {"run", wf.toString(), "--id", "lk2", "--json"}
        }) {
      Cli.Result r = cli.baton(args);
      assertThat(r.exit()).as("%s", r).isZero();
      outputs.add(r);
    }

    String agentEnv = Files.readString(env);
    assertThat(agentEnv)
        .contains("ALLOWED_VAR=allowed-value", "TOKEN=" + secret, "BATON_RUN=lk", "PATH=")
        .doesNotContain("OTHER_VAR", "BATON_DB=");
    assertThat(outputs).allSatisfy(r -> assertThat(r.out() + r.err()).doesNotContain(secret));
    assertThat(outputs.get(1).out())
        .as("redacted, not dropped")
        .contains("finding ***", "status ***", "notes ***", "output ***");
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        if (f.getFileName().toString().startsWith("baton.db"))
          assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
              .as(f.toString())
              .doesNotContain(secret);
      }
    }
    try (var logs = Files.list(dir.resolve("logs"))) {
      for (Path log : logs.toList())
        assertThat(Files.readString(log)).as(log.toString()).doesNotContain(secret);
    }
  }

  @Test
  void text_made_by_templates_is_literal_and_a_check_reads_its_steps_output() throws Exception {
    String secret = "sec-" + Long.toHexString(System.nanoTime());
    String apiKey = "key-" + Long.toHexString(System.nanoTime());
    Cli cli = Cli.in(dir).env("TOKEN", secret).env("MYAPIKEY", apiKey);
    Path markers = dir.resolve("markers");
    Files.writeString(
        dir.resolve("emit.sh"), "echo '@baton output {\"x\": \"${secret:TOKEN}\"}'\n");
    Files.writeString(
        dir.resolve("args.sh"), "printf '%s|%s' \"$2\" \"$3\" > '" + markers + "/'\"$1\"\n");
    Path wf =
        cli.workflow(
            "literal",
            """
            name: literal
            inputs: { v: { required: true } }
            agents:
              emitter: { command: [sh, ./emit.sh], env: { T: "${secret:TOKEN}" } }
              a: { command: [sh, AGENT] }
            rules: { onFailure: rollback-run }
            phases:
              - name: p
                mode: sequential
                steps:
                  - id: s1
                    agent: emitter
                    task: emit
                    success: { criteria: ok, check: [sh, ./args.sh, check, "{{steps.s1.output.x}}", "{{inputs.v}}"] }
                    rollback: { run: [sh, ./args.sh, undo, "{{steps.s1.output.x}}", "{{inputs.v}}"] }
                  - { id: s2, agent: a, task: "exit=3" }
            """);

    Cli.Result r = cli.baton("run", wf.toString(), "--id", "lit", "-i", "v=${MYAPIKEY}");

    assertThat(r.exit()).as("%s", r).isEqualTo(1);
    assertThat(Files.readString(markers.resolve("check")))
        .as("the check sees its step's output, and template output stays literal")
        .isEqualTo("${secret:TOKEN}|${MYAPIKEY}");
    assertThat(Files.readString(markers.resolve("undo"))).isEqualTo("${secret:TOKEN}|${MYAPIKEY}");
    String journal = cli.baton("events", "lit", "--json").out();
    assertThat(journal + r.out() + r.err()).doesNotContain(secret).doesNotContain(apiKey);
  }

  @Test
  void control_characters_from_agents_never_reach_the_terminal_and_json_escapes_them()
      throws Exception {
    Cli cli = Cli.in(dir);
    Files.writeString(
        dir.resolve("hostile.sh"),
        """
        printf '@baton finding {"tags": ["x"], "summary": "\\u001b]0;PWNED\\u0007\\u001b[31mred"}\\n'
        printf 'boom \\033[2J cleared\\n' >&2
        exit 1
        """);
    Path wf =
        cli.workflow(
            "hostile",
            """
            name: hostile
            agents:
              h: { command: [sh, ./hostile.sh] }
            rules: { onFailure: rollback-run }
            phases:
              - { name: p, mode: sequential, steps: [ { id: s, agent: h, task: go } ] }
            """);

    Cli.Result run = cli.baton("run", wf.toString(), "--id", "ho");
    Cli.Result events = cli.baton("events", "ho");
    Cli.Result json = cli.baton("events", "ho", "--json");

    assertThat(run.exit()).as("%s", run).isEqualTo(1);
    for (Cli.Result r : List.of(run, events)) {
      assertThat(r.out() + r.err()).doesNotContain("\u001b").doesNotContain("\u0007");
    }
    assertThat(events.out()).contains("]0;PWNED", "boom [2J cleared");
    assertThat(json.out()).contains("\\u001B]0;PWNED").doesNotContain("\u001b");
  }
}
