package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help, "did you mean" and shell completion, through {@code ./baton} as a user types them. */
class HelpEndToEndTest {
  static Cli.Result baton(String... args) throws Exception {
    return Cli.inHome().baton(args);
  }

  @Test
  void help_works_in_all_three_forms_with_examples() throws Exception {
    for (List<String> form :
        List.of(List.of("run", "--help"), List.of("help", "run"), List.of("run", "-h"))) {
      Cli.Result r = baton(form.toArray(String[]::new));
      assertThat(r.exit()).as("%s: %s", form, r).isZero();
      assertThat(r.out())
          .as("%s", form)
          .startsWith("Usage: baton run ")
          .contains("FILE ", "the workflow file", "Examples:", "baton run examples/bug-fix.yaml");
    }
    Cli.Result top = baton("--help");
    assertThat(top.exit()).isZero();
    assertThat(top.out()).startsWith("Usage: baton ").contains("completion", "Examples:");
  }

  @Test
  void every_subcommand_answers_help_and_describes_its_positional_parameters() throws Exception {
    for (String cmd : List.of("show", "events", "cancel", "approve", "decide", "feedback")) {
      Cli.Result r = baton(cmd, "--help");
      assertThat(r.exit()).as("%s", r).isZero();
      assertThat(r.out()).as(cmd).contains("Usage: baton " + cmd, "Examples:");
      // a positional parameter's row has a description after its label
      assertThat(r.out().lines().filter(l -> l.matches("\\s+(RUN|TASK)\\s+\\S.*")))
          .as("%s", r.out())
          .isNotEmpty();
    }
  }

  @Test
  void a_mistyped_command_gets_did_you_mean_and_exit_2() throws Exception {
    Cli.Result r = baton("valdiate", "examples/feature.yaml");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.diagnostics())
        .containsExactly(
            "baton: unknown command 'valdiate' for 'baton'",
            "Did you mean 'baton validate'?",
            "Try 'baton --help' for usage.");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void a_mistyped_option_gets_did_you_mean_and_the_commands_own_help() throws Exception {
    Cli.Result r = baton("run", "--jsn", "examples/feature.yaml");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.diagnostics())
        .containsExactly(
            "baton: Unknown option: '--jsn'",
            "Did you mean '--json'?",
            "Try 'baton run --help' for usage.");
  }

  @Test
  void completion_bash_completes_commands_options_and_values(@TempDir Path dir) throws Exception {
    Cli.Result r = baton("completion", "bash");
    assertThat(r.exit()).as("%s", r).isZero();
    Path script = Files.writeString(dir.resolve("baton.bash"), r.out());
    assertThat(complete(script, "baton ru")).containsExactlyInAnyOrder("run", "runs");
    assertThat(complete(script, "baton run --ex")).containsExactly("--exit-on-human");
    assertThat(complete(script, "baton completion z")).containsExactly("zsh");

    Cli.Result zsh = baton("completion", "zsh");
    assertThat(zsh.exit()).isZero();
    assertThat(zsh.out()).contains("bashcompinit", "complete -F");
    assertThat(baton("completion", "fish").exit()).isEqualTo(2);
  }

  /** What bash offers at TAB after {@code line}, with the script sourced. */
  private static List<String> complete(Path script, String line) throws Exception {
    String words = line.endsWith(" ") ? line + "''" : line;
    String program =
        "source "
            + script
            + "; COMP_LINE='"
            + line
            + "'; COMP_POINT=${#COMP_LINE}; COMP_WORDS=("
            + words
            + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); $(complete -p baton | sed -E 's/.* -F ([^ ]+) .*/\\1/');"
            + " printf '%s\\n' \"${COMPREPLY[@]}\"";
    Process p =
        new ProcessBuilder("bash", "-c", program)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out.lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
  }
}
