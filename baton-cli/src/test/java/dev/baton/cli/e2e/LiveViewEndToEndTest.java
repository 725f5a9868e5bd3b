package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live view of {@code baton run} in a real pseudo-terminal ({@code script}) of 80 columns, and
 * its plain output without one.
 */
class LiveViewEndToEndTest {
  private static final Pattern ESCAPE = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]");
  private static final Pattern COLOUR = Pattern.compile("\u001b\\[(\\d+;)*3[0-7](;\\d+)*m");
  private static final Pattern CURSOR_UP = Pattern.compile("\u001b\\[\\d+A");

  /** What a terminal of {@code columns} shows (escapes included) of {@code shell} run in it. */
  private static String inTerminal(Path dir, int columns, String env, String shell)
      throws Exception {
    String command =
        "stty cols " + columns + " rows 30; export TERM=xterm-256color " + env + "; " + shell;
    Path out = dir.resolve("terminal.out");
    Process p =
        new ProcessBuilder("script", "-qec", command, "/dev/null")
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    p.getOutputStream().close();
    assertThat(p.waitFor(3, TimeUnit.MINUTES)).as("baton in a terminal finished").isTrue();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String baton() {
    return Cli.HOME.resolve("baton").toString();
  }

  private static String feature(Path dir) throws java.io.IOException {
    return baton()
        + " run "
        + Cli.copyExamples(dir).resolve("feature.yaml")
        + " -i feature=x --db "
        + dir.resolve("baton.db");
  }

  /** Lines as the terminal shows them: escapes removed, split at line feeds and returns. */
  private static List<String> screenLines(String output) {
    return Arrays.stream(ESCAPE.matcher(output).replaceAll("").split("[\r\n]"))
        .filter(l -> !l.startsWith("baton: building"))
        .toList();
  }

  @Test
  void at_80_columns_nothing_wraps_and_colours_tell_success_from_failure(@TempDir Path dir)
      throws Exception {
    String out =
        inTerminal(
            dir,
            80,
            "BATON_DEMO_SPEED=0.3",
            feature(dir) + " -i fail=collaboration-ui; echo \"exit=$?\"");
    assertThat(out).contains("exit=0");
    assertThat(screenLines(out)).allSatisfy(l -> assertThat(l.length()).isLessThan(80));
    assertThat(CURSOR_UP.matcher(out).find()).as("rows redrawn in place").isTrue();
    assertThat(out).contains("\u001b[32mStepSucceeded").contains("\u001b[31;1mStepFailed");
    assertThat(screenLines(out)).anyMatch(l -> l.contains("[") && l.contains("%"));
  }

  @Test
  void no_color_removes_the_colours_but_not_the_live_view(@TempDir Path dir) throws Exception {
    String out = inTerminal(dir, 80, "NO_COLOR=1 BATON_DEMO_SPEED=0.3", feature(dir));
    assertThat(screenLines(out))
        .anyMatch(l -> l.contains("Run feature-") && l.contains("succeeded"));
    assertThat(COLOUR.matcher(out).find()).as("no colour").isFalse();
    assertThat(CURSOR_UP.matcher(out).find()).as("rows still redrawn in place").isTrue();
    assertThat(screenLines(out)).allSatisfy(l -> assertThat(l.length()).isLessThan(80));
  }

  @Test
  void a_narrower_terminal_gets_narrower_lines_after_a_resize(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("resize.yaml"),
        """
        name: resize
        description: the first step waits for the terminal to be resized
        agents:
          worker:
            command: ["sh", "-c", "touch started; while [ ! -f go ]; do sleep 0.1; done; \
        echo '@baton status {\\"progress\\": 50, \\"message\\": \\"a long status message that \
        needs more than fifty columns of the terminal to be shown\\"}'; sleep 1"]
        phases:
          - name: work-with-a-rather-long-phase-name-to-fill-the-line
            mode: sequential
            steps:
              - { id: before-the-resize, agent: worker, task: wait for the resize then work a bit }
              - { id: after-the-resize, agent: worker, task: "work again, the terminal narrower" }
        """);
    String shell =
        baton()
            + " run resize.yaml --db baton.db </dev/tty & pid=$!; while [ ! -f started ]; do sleep 0.1; done;"
            + " stty cols 50; kill -WINCH $pid; touch go; wait $pid; echo \"exit=$?\"";
    String out = inTerminal(dir, 80, "", shell);
    assertThat(out).contains("exit=0");
    List<String> lines = screenLines(out);
    int resized =
        lines.indexOf(
            lines.stream().filter(l -> l.contains("StepSucceeded")).findFirst().orElseThrow());
    // the rows and the log are cut to the new width; the final summary line may wrap
    assertThat(lines.subList(resized, lines.size()))
        .filteredOn(l -> !l.contains("Run resize-")) // the summary may carry its colour
        .allSatisfy(l -> assertThat(l.length()).isLessThan(50));
  }

  @Test
  void without_a_terminal_one_line_per_change_of_state_and_verbose_for_all(@TempDir Path dir)
      throws Exception {
    Cli cli = Cli.in(dir);
    String feature = Cli.copyExamples(dir).resolve("feature.yaml").toString();
    Cli.Result quiet = cli.baton("run", feature, "-i", "feature=x");
    assertThat(quiet.exit()).as("%s", quiet).isZero();
    assertThat(quiet.out()).doesNotContain("StatusReported").doesNotContain("\u001b[");
    assertThat(quiet.out()).contains("StepSucceeded", "RunSucceeded");
    Cli.Result verbose = cli.baton("run", feature, "-i", "feature=x", "--verbose");
    assertThat(verbose.exit()).isZero();
    assertThat(verbose.out()).contains("StatusReported", "HandoffSent");
    assertThat(verbose.out().lines().count()).isGreaterThan(quiet.out().lines().count());
  }
}
