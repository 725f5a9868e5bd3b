package dev.baton.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.meta.EvidenceTriager;
import dev.baton.meta.TextEmbedder;
import dev.baton.meta.TriageEvaluation;
import dev.baton.meta.TriageEvaluation.Labelled;
import dev.baton.meta.TriageEvaluation.Result;
import dev.baton.meta.TriageExample;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.WorkflowLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The figures of docs/meta-agent.md: triage of the labelled reports under test resources with the
 * demo team of {@code examples/agents.yaml}, with rules only, with the local model, and after ten
 * corrections. Printed to {@code target/triage-evaluation.txt}.
 */
class TriageEvaluationTest {
  static final List<String> TEAM =
      List.of("security", "database", "api", "frontend", "testing", "devops");
  static final TextEmbedder MODEL = new MiniLmEmbedder();
  static List<AgentSpec> team;
  static List<Labelled> reports;
  static List<Labelled> heldOut;
  static final StringBuilder out = new StringBuilder();

  @BeforeAll
  static void load() throws IOException {
    var agents = WorkflowLoader.standard().loadAgents(Path.of("../examples/agents.yaml")).agents();
    team = TEAM.stream().map(agents::get).toList();
    reports = read("/triage/reports.yaml");
    heldOut = read("/triage/held-out.yaml");
    long start = System.nanoTime();
    MODEL.embed("warm up");
    loadMs = (System.nanoTime() - start) / 1e6;
  }

  static double loadMs;

  static List<Labelled> read(String resource) throws IOException {
    try (InputStream in = TriageEvaluationTest.class.getResourceAsStream(resource)) {
      return TriageEvaluation.read(in);
    }
  }

  static void print(String title, Result r) throws IOException {
    out.append("## ").append(title).append('\n').append(r.table()).append('\n');
    System.out.println("## " + title + "\n" + r.table());
    Files.createDirectories(Path.of("target"));
    Files.writeString(
        Path.of("target/triage-evaluation.txt"), out.toString(), StandardCharsets.UTF_8);
  }

  @Test
  void the_corpus_has_at_least_80_varied_reports_for_every_agent() {
    assertThat(reports).hasSizeGreaterThanOrEqualTo(80);
    for (String agent : TEAM)
      assertThat(reports).filteredOn(r -> r.primary().equals(agent)).hasSizeGreaterThan(10);
    assertThat(reports.stream().map(Labelled::kind).distinct())
        .containsExactlyInAnyOrder(
            "plain", "misleading", "ambiguous", "logs", "one-liner", "non-engineer");
  }

  @Test
  void rules_alone_name_the_right_primary_for_most_reports() throws IOException {
    Result r = TriageEvaluation.run(new EvidenceTriager(), team, reports, List.of());
    print("rules only (evidence and the agents' words), labelled reports", r);
    assertThat(r.accuracy()).isGreaterThanOrEqualTo(0.85);
  }

  @Test
  void rules_and_the_local_model_name_the_right_primary_for_at_least_90_percent()
      throws IOException {
    EvidenceTriager triager = new EvidenceTriager(Optional.of(MODEL), EvidenceTriager.ASK_BELOW);
    Result r = TriageEvaluation.run(triager, team, reports, List.of());
    print("rules + embeddings, labelled reports", r);
    assertThat(r.accuracy()).isGreaterThanOrEqualTo(0.90);
    print(
        "rules + embeddings, held-out reports",
        TriageEvaluation.run(triager, team, heldOut, List.of()));
  }

  @Test
  void ten_corrections_of_its_misses_bring_it_to_at_least_97_percent() throws IOException {
    EvidenceTriager triager = new EvidenceTriager(Optional.of(MODEL), EvidenceTriager.ASK_BELOW);
    List<Labelled> all = new ArrayList<>(reports);
    all.addAll(heldOut);
    Result before = TriageEvaluation.run(triager, team, all, List.of());
    List<TriageExample> learned = new ArrayList<>();
    List<String> corrected = new ArrayList<>();
    for (TriageEvaluation.Answer miss : before.misses()) {
      if (learned.size() == 10) break;
      corrected.add(miss.report().id());
      learned.add(
          new TriageExample(
              "E" + (learned.size() + 1),
              miss.report().text(),
              miss.report().primary(),
              "correction",
              "",
              Instant.EPOCH));
    }
    Result after = TriageEvaluation.run(triager, team, all, learned);
    print("rules + embeddings, all reports, before corrections", before);
    print("rules + embeddings, all reports, after " + learned.size() + " corrections", after);
    Result others =
        TriageEvaluation.run(
            triager, team, all.stream().filter(r -> !corrected.contains(r.id())).toList(), learned);
    print("after corrections, only the reports that were not corrected", others);
    assertThat(after.accuracy()).isGreaterThanOrEqualTo(0.97);
    assertThat(others.accuracy()).isGreaterThanOrEqualTo(before.accuracy() - 0.01);
  }

  @Test
  void a_triage_costs_a_few_milliseconds_once_the_model_is_loaded() throws IOException {
    EvidenceTriager triager = new EvidenceTriager(Optional.of(MODEL), EvidenceTriager.ASK_BELOW);
    TriageEvaluation.run(triager, team, reports, List.of()); // profiles embedded once
    long start = System.nanoTime();
    Result r = TriageEvaluation.run(triager, team, reports, List.of());
    double perTriage = (System.nanoTime() - start) / 1e6 / reports.size();
    String line =
        String.format(
            Locale.ROOT,
            "model load %.0f ms (first use in this JVM); %.1f ms per triage over %d reports%n",
            loadMs,
            perTriage,
            reports.size());
    out.append("## cost\n").append(line).append('\n');
    System.out.print(line);
    Files.writeString(
        Path.of("target/triage-evaluation.txt"), out.toString(), StandardCharsets.UTF_8);
    assertThat(r.answers()).hasSize(reports.size());
  }
}
