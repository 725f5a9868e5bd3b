package dev.baton.bench.jmh;

import dev.baton.embeddings.MiniLmEmbedder;
import dev.baton.meta.EvidenceTriager;
import dev.baton.meta.Triage;
import dev.baton.meta.TriageEvaluation;
import dev.baton.meta.TriageRequest;
import dev.baton.meta.Triager;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.WorkflowLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The meta agent's triage (docs/meta-agent.md) of the labelled reports of {@code
 * baton-embeddings/src/test/resources/triage/reports.yaml} (plain, misleading, ambiguous, long with
 * logs, one-liners, by non-engineers) with the demo team of {@code examples/agents.yaml}: one
 * operation is one report's triage, the reports taken in turn. {@code rules}: evidence and the
 * agents' words; {@code embeddings}: the same with the local MiniLM model (loaded and the profiles
 * embedded during set-up, as in a process that has triaged before).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TriageBench {
  static final List<String> TEAM =
      List.of("security", "database", "api", "frontend", "testing", "devops");

  @Param({"rules", "embeddings"})
  String mode;

  Triager triager;
  List<TriageRequest> requests;
  int next;

  @Setup
  public void setUp() throws IOException {
    var agents = WorkflowLoader.standard().loadAgents(Path.of("examples/agents.yaml")).agents();
    List<AgentSpec> team = TEAM.stream().map(agents::get).toList();
    try (InputStream in =
        Files.newInputStream(Path.of("baton-embeddings/src/test/resources/triage/reports.yaml"))) {
      requests =
          TriageEvaluation.read(in).stream()
              .map(r -> new TriageRequest(r.text(), team, List.of()))
              .toList();
    }
    triager =
        mode.equals("rules")
            ? new EvidenceTriager()
            : new EvidenceTriager(Optional.of(new MiniLmEmbedder()), EvidenceTriager.ASK_BELOW);
    for (TriageRequest r : requests) triager.triage(r); // model loaded, profiles embedded
  }

  @Benchmark
  public Triage triage() {
    TriageRequest r = requests.get(next);
    next = (next + 1) % requests.size();
    return triager.triage(r);
  }
}
