package dev.baton.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The "Examples:" section at the end of each command's help, kept in one table so that every
 * command's examples read alike and a command without any stands out.
 */
final class Examples {
  private Examples() {}

  private static final Map<String, List<String>> BY_COMMAND =
      Map.ofEntries(
          Map.entry(
              "baton",
              List.of(
                  "baton run examples/feature.yaml -i feature=\"Real-time inspection\"",
                  "baton runs --state FAILED",
                  "baton help run",
                  "source <(baton completion bash)")),
          Map.entry(
              "run",
              List.of(
                  "baton run examples/bug-fix.yaml -i report=\"Login returns 500\"",
                  "baton run review.yaml --agents team.yaml --id review-42 --json",
                  "baton run bug-fix.yaml --exit-on-human   # exit 3 when a person must decide")),
          Map.entry(
              "validate",
              List.of(
                  "baton validate examples/*.yaml",
                  "baton validate review.yaml --agents team.yaml")),
          Map.entry("resume", List.of("baton resume bf-1", "baton resume --all")),
          Map.entry(
              "runs",
              List.of(
                  "baton runs",
                  "baton runs --state RUNNING --workflow bug-fix --limit 5",
                  "baton runs --state PAUSED",
                  "baton runs --json")),
          Map.entry("show", List.of("baton show bf-1", "baton show bf --json   # a unique prefix")),
          Map.entry(
              "events",
              List.of("baton events bf-1", "baton events bf-1 --json --follow | jq .type")),
          Map.entry(
              "status", List.of("baton status", "baton status --watch", "baton status --json")),
          Map.entry(
              "agents",
              List.of("baton agents --agents examples/agents.yaml", "baton agents --json")),
          Map.entry("inbox", List.of("baton inbox", "baton inbox --json")),
          Map.entry(
              "approve", List.of("baton approve bf-1-h1 --by alice --note \"customer informed\"")),
          Map.entry("reject", List.of("baton reject bf-1-h1 --by alice --note \"too risky\"")),
          Map.entry(
              "decide",
              List.of(
                  "baton decide bf-1-h1 continue --extend 30m",
                  "baton decide bf-1-h1 retry root-cause",
                  "baton decide bf-1-h1 reassign root-cause database")),
          Map.entry("cancel", List.of("baton cancel bf-1 --by alice --note \"wrong report\"")),
          Map.entry(
              "metrics",
              List.of(
                  "baton metrics --agent frontend --window 7d",
                  "baton metrics --json",
                  "baton metrics --prometheus")),
          Map.entry("alerts", List.of("baton alerts", "baton alerts --json")),
          Map.entry(
              "feedback",
              List.of(
                  "baton feedback bf-1 --satisfaction 9",
                  "baton feedback bf-1 --step websocket-api --quality 6 --collaboration 8")),
          Map.entry("schema", List.of("baton schema > baton-workflow.schema.json")),
          Map.entry(
              "completion",
              List.of(
                  "source <(baton completion bash)          # this shell",
                  "baton completion bash > /etc/bash_completion.d/baton",
                  "echo 'source <(baton completion zsh)' >> ~/.zshrc")),
          Map.entry("help", List.of("baton help run")));

  /** Adds the examples to the help of {@code cl} and of every subcommand below it. */
  static void addTo(CommandLine cl) {
    List<String> lines = BY_COMMAND.get(cl.getCommandName());
    if (lines != null) {
      CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
      usage.footerHeading("%nExamples:%n");
      usage.footer(lines.stream().map(l -> "  " + l.replace("%", "%%")).toArray(String[]::new));
    }
    cl.getSubcommands().values().forEach(Examples::addTo);
  }
}
