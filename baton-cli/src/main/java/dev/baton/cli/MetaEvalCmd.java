package dev.baton.cli;

import dev.baton.meta.EvidenceTriager;
import dev.baton.meta.TriageEvaluation;
import dev.baton.meta.TriageExample;
import dev.baton.workflow.AgentSpec;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baton meta eval REPORTS}: the meta agent's accuracy on labelled reports ({@code reports:
 * [{id, primary, kind, text}]}), per agent and per kind, then again after recording some of its
 * misses as corrections.
 */
@Command(
    name = "eval",
    description = "Measure triage on labelled reports: accuracy per agent and per kind of report.")
final class MetaEvalCmd implements Callable<Integer> {
  @Parameters(
      index = "0",
      paramLabel = "REPORTS",
      description = "YAML: reports: [{id, primary, kind, text}]")
  Path reports;

  @Option(
      names = "--agents",
      paramLabel = "FILE",
      description = "agents file (default: agents.yaml here)")
  Path agents;

  @Option(
      names = "--team",
      split = ",",
      paramLabel = "A,B",
      description = "the agents that may lead (default: every agent of the file but people)")
  List<String> team = new ArrayList<>();

  @Option(
      names = "--corrections",
      paramLabel = "N",
      description = "then record up to N misses as corrections and measure again (default 10)")
  int corrections = 10;

  @Option(names = "--no-embeddings", description = "evidence, words and examples only")
  boolean noEmbeddings;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(reports)) throw new UserError("no such file: " + reports);
    List<TriageEvaluation.Labelled> labelled;
    try (InputStream in = Files.newInputStream(reports)) {
      labelled = TriageEvaluation.read(in);
    }
    if (labelled.isEmpty())
      throw new UserError(reports + " has no reports: write reports: [{id, primary, kind, text}]");
    List<AgentSpec> members = MetaTriageCmd.team(agents, team);
    EvidenceTriager triager =
        new EvidenceTriager(
            noEmbeddings ? Optional.empty() : MetaCmd.embedder(), MetaCmd.askBelow());
    long start = System.nanoTime();
    TriageEvaluation.Result first = TriageEvaluation.run(triager, members, labelled, List.of());
    double ms = (System.nanoTime() - start) / 1e6 / labelled.size();
    System.out.print(first.table());
    System.out.printf(java.util.Locale.ROOT, "(%.1f ms per triage, model loading included)%n", ms);
    if (corrections > 0 && !first.misses().isEmpty()) {
      List<TriageExample> learned = new ArrayList<>();
      for (TriageEvaluation.Answer miss : first.misses()) {
        if (learned.size() == corrections) break;
        learned.add(
            new TriageExample(
                "E" + (learned.size() + 1),
                miss.report().text(),
                miss.report().primary(),
                "correction of " + miss.report().id(),
                "",
                Instant.EPOCH));
      }
      System.out.println();
      System.out.println("After " + learned.size() + " corrections of misses:");
      System.out.print(TriageEvaluation.run(triager, members, labelled, learned).table());
    }
    return ExitCodes.OK;
  }
}
