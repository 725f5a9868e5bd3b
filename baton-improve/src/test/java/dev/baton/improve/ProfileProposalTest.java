package dev.baton.improve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.journal.CommandKind;
import dev.baton.journal.RunCommand;
import dev.baton.meta.EvidenceTriager;
import dev.baton.meta.Examples;
import dev.baton.meta.Triage;
import dev.baton.meta.TriageRequest;
import dev.baton.monitoring.MonitoringConfig;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import dev.baton.test.ManualClock;
import dev.baton.workflow.AgentSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profile proposals (docs/improvement.md): reports the meta agent got wrong and people moved to the
 * same agent share words; the daily review proposes them as that agent's keywords, and once applied
 * the rules triage the next such report to it with no example near.
 */
class ProfileProposalTest {
  static final String LEDGER_1 =
      "The orders page shows stale totals: the nightly reconciler skipped the ledger rollup again.";
  static final String LEDGER_2 =
      "Export button gives yesterday's numbers; reconciler logs say the ledger rollup aborted.";
  static final String SIGNUP = "The signup button is misaligned on the page in Safari.";
  static final String NEXT =
      "The billing page shows old totals; reconciler stuck on the ledger rollup.";

  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(Instant.parse("2026-11-02T10:00:00Z"));
  JournalStore store;

  @AfterEach
  void close() {
    if (store != null) store.close();
  }

  static final List<AgentSpec> TEAM =
      List.of(
          new AgentSpec(
              "database",
              "Database engineer",
              List.of("sql", "schema"),
              List.of("query", "index", "migration"),
              1,
              new AgentSpec.Command(List.of("true"), java.util.Optional.empty(), Map.of())),
          new AgentSpec(
              "frontend",
              "Frontend engineer",
              List.of("ui", "css"),
              List.of("button", "page", "layout"),
              1,
              new AgentSpec.Command(List.of("true"), java.util.Optional.empty(), Map.of())));

  @Test
  void words_shared_by_reports_moved_to_an_agent_become_its_keywords_once_approved() {
    store = Stores.sqlite(dir.resolve("b.db"), clock);
    Examples.learn(store, clock, LEDGER_1, "database", "chosen by ana", "run-1");
    Examples.learn(store, clock, LEDGER_2, "database", "chosen by ana", "run-2");
    Examples.learn(store, clock, SIGNUP, "frontend", "chosen by bob", "run-3");
    Reviewer reviewer =
        new Reviewer(store, ImprovementConfig.defaults(), MonitoringConfig.defaults(), clock);

    clock.advance(Duration.ofHours(1));
    Review r = reviewer.review(ReviewKind.DAILY, clock.instant().atZone(ZoneOffset.UTC), dir);
    Proposal p =
        r.proposals().stream().filter(x -> x.kind().equals("profile")).findFirst().orElseThrow();
    assertThat(r.proposals()).filteredOn(x -> x.kind().equals("profile")).hasSize(1);
    assertThat(p.subject()).isEqualTo("database");
    assertThat(p.change())
        .isEqualTo("add keywords ledger, reconciler, rollup to the profile of database");
    assertThat(p.reason())
        .isEqualTo(
            "2 reports were moved to database in the period (E1, E2); they share words no report"
                + " moved elsewhere has: ledger (2), reconciler (2), rollup (2)");
    assertThat(p.details()).containsEntry("runs", List.of("run-1", "run-2"));

    // with the agents file's words alone, the surface word "page" wins: frontend
    EvidenceTriager rules = new EvidenceTriager();
    Triage before = rules.triage(new TriageRequest(NEXT, TEAM, List.of()));
    assertThat(before).isInstanceOf(Triage.Lead.class);
    assertThat(((Triage.Lead) before).agent()).isEqualTo("frontend");

    store.submit(
        new RunCommand(
            0,
            ProposalBook.STREAM,
            CommandKind.DECIDE,
            p.id(),
            "approve",
            List.of(),
            "alice",
            "",
            clock.instant()));
    assertThat(reviewer.applyApproved()).extracting(Proposal::id).containsExactly(p.id());
    Map<String, List<String>> approved = reviewer.config().profileKeywords();
    assertThat(approved)
        .containsExactly(Map.entry("database", List.of("ledger", "reconciler", "rollup")));

    // the engine and `baton meta triage` add the approved words to the agents' own
    List<AgentSpec> tuned =
        TEAM.stream()
            .map(a -> approved.containsKey(a.name()) ? a.withKeywords(approved.get(a.name())) : a)
            .toList();
    Triage after = rules.triage(new TriageRequest(NEXT, tuned, List.of()));
    assertThat(after).isInstanceOf(Triage.Lead.class);
    assertThat(((Triage.Lead) after).agent()).isEqualTo("database");

    // not proposed again once the configuration holds it
    clock.advance(Duration.ofHours(1));
    assertThat(
            reviewer
                .review(ReviewKind.DAILY, clock.instant().atZone(ZoneOffset.UTC), dir)
                .proposals())
        .noneMatch(x -> x.kind().equals("profile"));
  }

  @Test
  void words_the_agents_file_gives_the_agent_already_are_not_proposed() {
    store = Stores.sqlite(dir.resolve("c.db"), clock);
    // run-1 and run-2 started with an agents file that gives database the keyword "ledger" and the
    // capability "rollup-repair"
    String agents =
        """
        agents:
          database:
            role: Database engineer
            capabilities: [sql, rollup-repair]
            keywords: [query, Ledger]
        """;
    for (String run : List.of("run-1", "run-2"))
      store
          .append(
              new dev.baton.store.RunJournal.Append(
                  run,
                  List.of(
                      new dev.baton.journal.JournalEntry(
                          run,
                          1,
                          clock.instant(),
                          new dev.baton.journal.Event.RunStarted(
                              "w",
                              "normal",
                              Map.of(),
                              new dev.baton.journal.Event.Definition(
                                  "w.yaml", "name: w", "agents.yaml", agents)))),
                  null))
          .join();
    Examples.learn(store, clock, LEDGER_1, "database", "chosen by ana", "run-1");
    Examples.learn(store, clock, LEDGER_2, "database", "chosen by ana", "run-2");
    Examples.learn(store, clock, SIGNUP, "frontend", "chosen by bob", "run-3");
    Reviewer reviewer =
        new Reviewer(store, ImprovementConfig.defaults(), MonitoringConfig.defaults(), clock);

    clock.advance(Duration.ofHours(1));
    Review r = reviewer.review(ReviewKind.DAILY, clock.instant().atZone(ZoneOffset.UTC), dir);
    assertThat(r.proposals())
        .filteredOn(x -> x.kind().equals("profile"))
        .singleElement()
        .satisfies(p ->
            assertThat(p.change()).isEqualTo("add keywords reconciler to the profile of database"));
  }
}
