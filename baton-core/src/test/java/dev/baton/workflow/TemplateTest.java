package dev.baton.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class TemplateTest {
  final Map<String, Object> vars =
      Map.of(
          "inputs", Map.of("report", "XSS in comments", "count", 3),
          "steps",
              Map.of(
                  "plan",
                  Map.of(
                      "output",
                      new TreeMap<>(Map.of("summary", "done", "items", List.of("a", "b"))),
                      "duration",
                      Duration.ofSeconds(90))),
          "run", Map.of("id", "r-1", "primary", "security"),
          "item", Map.of("name", "cache", "impact", "high"));

  @Test
  void renders_inputs_steps_run_and_item() {
    Template t =
        Template.parse(
            "{{inputs.report}} / {{ steps.plan.output.summary }} / {{run.id}} {{run.primary}} / {{item.name}}");
    assertThat(t.render(vars)).isEqualTo("XSS in comments / done / r-1 security / cache");
  }

  @Test
  void renders_values_that_are_not_text_as_compact_json() {
    assertThat(Template.parse("{{steps.plan.output}}").render(vars))
        .isEqualTo("{\"items\":[\"a\",\"b\"],\"summary\":\"done\"}");
    assertThat(
            Template.parse("{{inputs.count}} {{steps.plan.output.items}} {{steps.plan.duration}}")
                .render(vars))
        .isEqualTo("3 [\"a\",\"b\"] 1m30s");
  }

  @Test
  void renders_missing_paths_as_empty_text() {
    assertThat(
            Template.parse("[{{inputs.nope}}][{{steps.x.output.y}}][{{item.name.deeper}}]")
                .render(vars))
        .isEqualTo("[][][]");
  }

  @Test
  void refuses_unclosed_placeholders() {
    assertThatThrownBy(() -> Template.parse("Fix {{inputs.report"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unclosed");
  }
}
