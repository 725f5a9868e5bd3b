package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One JSON convention everywhere (docs/operations.md#json-output): keys in lowerCamelCase, the
 * states of runs and steps in upper case, durations as seconds. The test runs the examples through
 * {@code ./baton}, then walks every document each {@code --json} command prints, and every line of
 * the journals.
 */
class JsonCasingEndToEndTest {
  private static final Pattern KEY = Pattern.compile("[a-z][a-zA-Z0-9]*");

  /**
   * Keys whose values are the user's or an agent's data, named by them: workflow inputs, step ids
   * in a handoff's outputs, an agent's output, an agent's own status fields, a proposal's details.
   */
  private static final Set<String> USER_DATA =
      Set.of("inputs", "output", "outputs", "options", "args", "details", "configuration");

  /** States that are words of their own, as documented: an alert's and a proposal's. */
  private static final Set<String> LOWER_CASE_STATES = Set.of("alerts", "proposals");

  @Test
  void every_json_output_uses_camel_case_keys_upper_case_states_and_seconds(@TempDir Path dir)
      throws Exception {
    Cli cli = Cli.in(dir);
    Path examples = Cli.copyExamples(dir);
    Cli.Result feature =
        cli.baton("run", examples.resolve("feature.yaml").toString(), "-i", "feature=x", "--json");
    assertThat(feature.exit()).as("%s", feature).isZero();
    Cli.Result bug =
        cli.baton(
            "run",
            examples.resolve("bug-fix.yaml").toString(),
            "-i",
            "report=login fails",
            "-i",
            "timebox=1s",
            "--exit-on-human",
            "--json");
    assertThat(bug.exit()).as("%s", bug).isIn(0, 3);

    Map<String, List<JsonNode>> documents = new java.util.LinkedHashMap<>();
    documents.put("run", List.of(feature.json(), bug.json()));
    for (String command : List.of("runs", "status", "inbox", "alerts", "metrics", "proposals")) {
      documents.put(command, List.of(cli.json(command, "--json")));
    }
    documents.put(
        "agents",
        List.of(
            cli.json("agents", "--agents", examples.resolve("agents.yaml").toString(), "--json")));
    documents.put("config", List.of(cli.json("config", "history", "--json")));
    List<JsonNode> shows = new ArrayList<>();
    List<JsonNode> events = new ArrayList<>();
    for (JsonNode r : cli.json("runs", "--json")) {
      shows.add(cli.show(r.path("run").asText()));
      events.addAll(cli.events(r.path("run").asText()));
    }
    documents.put("show", shows);
    documents.put("events", events);

    List<String> problems = new ArrayList<>();
    int keys = 0;
    for (var d : documents.entrySet())
      for (JsonNode doc : d.getValue()) keys += walk(d.getKey(), d.getKey(), doc, problems);
    assertThat(problems).as("JSON keys and states against the convention").isEmpty();
    assertThat(keys).as("keys looked at").isGreaterThan(500);
    assertThat(shows.getFirst().path("steps").get(0).path("duration").isNumber()).isTrue();
  }

  private static int walk(String command, String path, JsonNode node, List<String> problems) {
    int seen = 0;
    if (node.isArray()) {
      for (JsonNode item : node) seen += walk(command, path + "[]", item, problems);
      return seen;
    }
    if (!node.isObject()) return 0;
    for (var field : node.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      seen++;
      if (!KEY.matcher(key).matches()) problems.add(path + "." + key + ": key not in camelCase");
      if (key.equals("state") && value.isTextual() && !LOWER_CASE_STATES.contains(command)) {
        if (!value.asText().equals(value.asText().toUpperCase(Locale.ROOT)))
          problems.add(path + ".state: '" + value.asText() + "' not in upper case");
      }
      if (key.equals("duration") && !value.isNumber() && !value.isNull())
        problems.add(path + ".duration: '" + value + "' is not a number of seconds");
      if (USER_DATA.contains(key)) continue;
      if (key.equals("status") && command.equals("events")) continue; // an agent's own report
      seen += walk(command, path + "." + key, value, problems);
    }
    return seen;
  }
}
