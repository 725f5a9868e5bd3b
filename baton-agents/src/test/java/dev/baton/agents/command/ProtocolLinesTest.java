package dev.baton.agents.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agents.command.internal.ProtocolLines;
import dev.baton.test.MapSecrets;
import dev.baton.test.RecordingReporter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a protocol line can be malformed is a warning with a reason, and nothing else. */
class ProtocolLinesTest {
  private final RecordingReporter reporter = new RecordingReporter();
  private final ProtocolLines lines =
      new ProtocolLines(reporter, resolvedSecrets(), "builder", "run-1/build/1");

  private static MapSecrets resolvedSecrets() {
    MapSecrets secrets = new MapSecrets(Map.of(), Map.of("TOKEN", "s3cr3t-token"));
    secrets.resolve("${secret:TOKEN}");
    return secrets;
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      textBlock =
          """
          `@baton `                                                   | missing keyword
          @baton status                                               | missing JSON object after the keyword
          @baton status {"progress": -1}                              | 'progress' must be between 0 and 100, was -1
          @baton status {"progress": "40"}                            | 'progress' must be an integer
          @baton status {"progress": 4.5}                             | 'progress' must be an integer
          @baton status {"message": 12}                               | 'message' must be a string
          @baton status {"blockers": "db"}                            | 'blockers' must be a list of strings
          @baton status {"blockers": [1]}                             | 'blockers' must be a list of strings
          @baton status {"estimatedCompletion": "tomorrow"}           | 'estimatedCompletion' must be an ISO-8601 instant, was 'tomorrow'
          @baton status {"requestedSupport": {"reason": "x"}}         | 'requestedSupport' must be a list of objects
          @baton status {"requestedSupport": [{"urgency": "high"}]}   | 'reason' is required
          @baton status {"requestedSupport": [{"reason": "x", "urgency": "now"}]} | 'urgency' must be low, medium, high or critical, was 'now'
          @baton status {} {}                                         | BAD_JSON
          @baton status "text"                                        | expected a JSON object
          @baton finding {"summary": "no tags"}                       | 'tags' is required
          @baton finding {"tags": [""], "summary": "blank"}           | 'tags' must not hold blank tags
          @baton handoff {"constraints": "one"}                       | 'constraints' must be a list of strings
          @baton gap {"reason": "who knows"}                          | 'capability' is required
          @baton review {"step": "a", "quality": 11}                  | 'quality' must be between 1 and 10, was 11
          @baton review {"quality": 5}                                | 'step' is required
          @baton STATUS {}                                            | unknown keyword 'STATUS'
          @baton output {"n": 1e999}                                  | 'n' is out of range: numbers must be finite (below 1.8e308 in size)
          @baton output {"a": {"b": [1, -1e999]}}                     | 'a.b[1]' is out of range: numbers must be finite (below 1.8e308 in size)
          """)
  void a_malformed_line_is_a_warning(String line, String reason) {
    lines.accept(line);

    assertThat(reporter.warnings).hasSize(1);
    RecordingReporter.Warning warning = reporter.warnings.getFirst();
    assertThat(warning.line()).isEqualTo(line);
    if (reason.equals("BAD_JSON")) assertThat(warning.reason()).startsWith("bad JSON: ");
    else assertThat(warning.reason()).isEqualTo(reason);
    assertThat(reporter.statuses).isEmpty();
    assertThat(reporter.findings).isEmpty();
    assertThat(reporter.notes).isEmpty();
    assertThat(reporter.gaps).isEmpty();
    assertThat(reporter.reviews).isEmpty();
    assertThat(lines.output()).isEmpty();
  }

  @Test
  void a_null_field_counts_as_absent() {
    lines.accept("@baton status {\"progress\": null, \"message\": \"hi\"}");

    assertThat(reporter.warnings).isEmpty();
    assertThat(reporter.statuses.getFirst().progress()).isNull();
    assertThat(reporter.statuses.getFirst().message()).isEqualTo("hi");
  }

  @Test
  void a_huge_malformed_line_is_quoted_shortened() {
    lines.accept("@baton status {\"message\": \"" + "x".repeat(10_000));

    assertThat(reporter.warnings.getFirst().line()).hasSizeLessThan(2100).endsWith("…");
  }

  @Test
  void secrets_are_redacted_from_warnings() {
    lines.accept("@baton status {\"message\": \"s3cr3t-token\"");

    assertThat(reporter.warnings.getFirst().line()).doesNotContain("s3cr3t-token").contains("***");
  }

  @Test
  void lines_after_close_are_dropped() {
    lines.close();
    lines.accept("@baton status {\"progress\": 1}");
    lines.accept("@baton bogus {}");

    assertThat(reporter.statuses).isEmpty();
    assertThat(reporter.warnings).isEmpty();
  }
}
