package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class MainTest {

  @Test
  void each_subcommand_is_listed_under_the_name_its_annotation_gives() {
    Main.SUBCOMMANDS.forEach((name, type) ->
        assertThat(type.getAnnotation(CommandLine.Command.class).name()).isEqualTo(name));
  }

  @Test
  void a_command_line_that_names_a_subcommand_builds_only_that_one() {
    CommandLine cl = Main.commandLine(new String[] {"runs", "--json"});

    assertThat(cl.getSubcommands()).containsOnlyKeys("runs");
  }

  @Test
  void help_completion_options_and_unknown_names_get_every_subcommand() {
    for (String[] args :
        new String[][] {
          {}, {"--help"}, {"help", "runs"}, {"completion", "bash"}, {"rnus"}, {"--version"}
        }) {
      assertThat(Main.commandLine(args).getSubcommands().keySet())
          .containsExactlyElementsOf(Main.SUBCOMMANDS.keySet());
    }
  }

  @Test
  void a_subcommand_built_alone_has_the_same_help_as_in_the_whole_command_line() {
    for (String name : Main.SUBCOMMANDS.keySet()) {
      String alone = usage(Main.commandLine(new String[] {name}).getSubcommands().get(name));
      String whole = usage(Main.commandLine().getSubcommands().get(name));
      assertThat(alone).as(name).isEqualTo(whole).contains("--help");
    }
  }

  @Test
  void help_and_version_options_work_on_a_subcommand_built_alone() {
    StringWriter out = new StringWriter();
    CommandLine cl = Main.commandLine(new String[] {"runs", "--version"});
    cl.setOut(new PrintWriter(out));

    assertThat(cl.execute("runs", "--version")).isZero();
    assertThat(out.toString()).contains("baton 0.1.0");
  }

  private static String usage(CommandLine cl) {
    StringWriter s = new StringWriter();
    cl.usage(new PrintWriter(s));
    return s.toString();
  }
}
