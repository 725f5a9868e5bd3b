package dev.baton.improve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.improve.Observations.AttemptFact;
import dev.baton.journal.CommandKind;
import dev.baton.journal.RunCommand;
import dev.baton.monitoring.AlertRule;
import dev.baton.monitoring.MonitoringConfig;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import dev.baton.test.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threshold proposals (docs/improvement.md): an alert rule that flags most of the period's work is
 * proposed a threshold from the measured figures; approved and applied, it is what the alert rules
 * use (a monitor that keeps running sees it at its next evaluation), and it is not proposed again.
 */
class ThresholdProposalTest {
  static final Instant T = Instant.parse("2026-11-02T09:00:00Z");
  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(T);
  JournalStore store;

  @AfterEach
  void close() {
    if (store != null) store.close();
  }

  static AttemptFact attempt(String agent, String step, boolean ok, long minutes, long estimate) {
    return new AttemptFact(
        "r-" + agent + step + minutes,
        1,
        "wf",
        step,
        agent,
        ok,
        Duration.ofMinutes(minutes).toMillis(),
        Duration.ofMinutes(estimate).toMillis(),
        false,
        0,
        T,
        true);
  }

  /** {@code failed} of six attempts of {@code agent} at {@code step} failed. */
  static List<AttemptFact> six(String agent, String step, int failed) {
    List<AttemptFact> out = new ArrayList<>();
    for (int i = 0; i < 6; i++) out.add(attempt(agent, step, i >= failed, 1 + i, 0));
    return out;
  }

  static Observations observations(List<AttemptFact> attempts) {
    return new Observations(
        T.minus(Duration.ofDays(1)),
        T,
        attempts,
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        Set.of(),
        Set.of());
  }

  /** Three of four agent × task types fail more than 20%: the alert flags most of the work. */
  static Observations noisyFailures() {
    List<AttemptFact> a = new ArrayList<>();
    a.addAll(six("ann", "build", 2));
    a.addAll(six("bob", "test", 3));
    a.addAll(six("cid", "deploy", 2));
    a.addAll(six("dan", "review", 0));
    return observations(a);
  }

  @Test
  void a_failure_rate_threshold_that_flags_most_of_the_work_is_proposed_at_their_median() {
    List<Proposer.Draft> drafts =
        Proposer.propose(noisyFailures(), MonitoringConfig.defaults(), Configuration.EMPTY);
    Proposer.Draft d =
        drafts.stream().filter(x -> x.kind().equals("threshold")).findFirst().orElseThrow();
    assertThat(d.subject()).isEqualTo("failure-rate");
    assertThat(d.change()).isEqualTo("threshold of alert rule failure-rate: 20% -> 35%");
    assertThat(d.reason())
        .startsWith("3 of 4 agent × task types failed more than 20% of their attempts")
        .contains("bob × wf/test 50%")
        .endsWith("their median failure rate is 33%, so at 35% the worse half stay flagged");
    // one flagged agent × task type of four is what the alert is for: nothing proposed
    List<AttemptFact> calm = new ArrayList<>(six("ann", "build", 3));
    calm.addAll(six("bob", "test", 0));
    calm.addAll(six("cid", "deploy", 1));
    calm.addAll(six("dan", "review", 0));
    assertThat(
            Proposer.propose(observations(calm), MonitoringConfig.defaults(), Configuration.EMPTY))
        .noneMatch(x -> x.kind().equals("threshold"));
  }

  @Test
  void an_overrun_threshold_that_fires_on_routine_work_is_proposed_at_the_90th_percentile() {
    List<AttemptFact> a = new ArrayList<>();
    for (long minutes : new long[] {12, 16, 17, 18, 14, 20, 9, 10})
      a.add(attempt("ann", "build", true, minutes, 10));
    List<Proposer.Draft> drafts =
        Proposer.propose(observations(a), MonitoringConfig.defaults(), Configuration.EMPTY);
    assertThat(drafts)
        .filteredOn(x -> x.kind().equals("threshold"))
        .extracting(Proposer.Draft::subject, Proposer.Draft::change)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "overrun", "threshold of alert rule overrun: 150% -> 200%"));
  }

  @Test
  void an_approved_threshold_is_what_the_alert_rules_use_and_is_not_proposed_again() {
    store = Stores.sqlite(dir.resolve("b.db"), clock);
    ConfigBook config = new ConfigBook(store, clock);
    ProposalBook book = new ProposalBook(store, config, clock);
    MonitoringConfig yaml = MonitoringConfig.defaults();
    Supplier<MonitoringConfig> monitor = config.monitoringSupplier(yaml);
    assertThat(monitor.get().rule(AlertRule.FAILURE_RATE).threshold()).isEqualTo(20);

    Proposal p =
        book.open(Proposer.propose(noisyFailures(), yaml, config.current())).stream()
            .filter(x -> x.kind().equals("threshold"))
            .findFirst()
            .orElseThrow();
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
    assertThat(book.applyApproved(List.of())).extracting(Proposal::id).containsExactly(p.id());

    ConfigVersion v = config.latest().orElseThrow();
    assertThat(v.change()).isEqualTo("threshold of alert rule failure-rate: 20% -> 35%");
    assertThat(v.configuration().thresholds()).containsEntry("failure-rate", 35.0);
    assertThat(config.monitoring(yaml).rule(AlertRule.FAILURE_RATE).threshold()).isEqualTo(35);
    assertThat(config.monitoring(yaml).rule(AlertRule.OVERRUN).threshold()).isEqualTo(150);
    assertThat(monitor.get().rule(AlertRule.FAILURE_RATE).threshold()).isEqualTo(35);
    // the same figures under the new threshold: one of four flagged, nothing to propose
    assertThat(Proposer.propose(noisyFailures(), config.monitoring(yaml), config.current()))
        .noneMatch(x -> x.kind().equals("threshold"));

    // reverting the change puts baton.yaml's threshold back, for the running monitor too
    var unused =
        config.commit(
            "validation",
            "revert version " + v.version(),
            "by hand",
            java.util.Map.of("reverts", v.version()),
            c -> Changes.revert(c, v.figures()));
    assertThat(config.current().thresholds()).isEmpty();
    assertThat(monitor.get().rule(AlertRule.FAILURE_RATE).threshold()).isEqualTo(20);
  }

  /** A threshold change committed as an approved proposal would be, with its figures. */
  ConfigVersion threshold(ConfigBook config, String rule, double from, double to, Object... kv) {
    java.util.Map<String, Object> f = new java.util.LinkedHashMap<>();
    f.put("rule", rule);
    f.put("from", from);
    f.put("to", to);
    for (int i = 0; i < kv.length; i += 2) f.put((String) kv[i], kv[i + 1]);
    f.put("kind", "threshold");
    return config
        .commit(
            "proposal P1 approved by alice",
            rule + " raised",
            "test",
            f,
            c -> c.withThreshold(rule, to))
        .orElseThrow();
  }

  static AttemptFact after(ConfigVersion v, String agent, String step, boolean ok, long minutes) {
    return new AttemptFact(
        "r-" + agent + step + minutes + ok,
        1,
        "wf",
        step,
        agent,
        ok,
        Duration.ofMinutes(minutes).toMillis(),
        Duration.ofMinutes(10).toMillis(),
        false,
        v.version(),
        v.time().plus(Duration.ofHours(1)),
        true);
  }

  List<Validator.Verdict> validate(ConfigBook config, List<AttemptFact> attempts) {
    return Validator.validate(
        config, observations(attempts), T.minus(Duration.ofDays(5)), T.plus(Duration.ofDays(2)));
  }

  @Test
  void a_raised_overrun_threshold_is_reverted_when_overruns_grew_behind_it() {
    store = Stores.sqlite(dir.resolve("b.db"), clock);
    ConfigBook config = new ConfigBook(store, clock);
    ConfigVersion v = threshold(config, "overrun", 150, 200, "overranPct", 30.0);
    List<AttemptFact> a = new ArrayList<>();
    for (long minutes : new long[] {16, 17, 18, 19, 16, 17, 9, 10, 11, 12})
      a.add(after(v, "ann", "build", true, minutes));
    Validator.Verdict verdict = validate(config, a).getFirst();
    assertThat(verdict.verdict()).isEqualTo("reverted");
    assertThat(verdict.before()).isEqualTo(30);
    assertThat(verdict.after()).isEqualTo(60);
    assertThat(verdict.reason())
        .isEqualTo(
            "overruns grew while the raised threshold kept them quiet: 30% of attempts ran past"
                + " 150% of their estimate before, 60% after");
    assertThat(config.current().thresholds()).isEmpty();
    assertThat(config.latest().orElseThrow().author()).isEqualTo("validation");
  }

  @Test
  void a_raised_failure_rate_threshold_is_kept_when_it_hides_no_degradation() {
    store = Stores.sqlite(dir.resolve("b.db"), clock);
    ConfigBook config = new ConfigBook(store, clock);
    ConfigVersion v =
        threshold(
            config,
            "failure-rate",
            20,
            35,
            "flaggedPct",
            75.0,
            "failurePctByPair",
            java.util.Map.of(
                "ann × wf/build", 33.3, "bob × wf/test", 50.0, "dan × wf/review", 0.0));
    List<AttemptFact> a = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      a.add(after(v, "ann", "build", i >= 2, i)); // 33%, as before
      a.add(after(v, "bob", "test", i >= 3, i)); // 50%, as before: still flagged
      a.add(after(v, "dan", "review", true, i));
    }
    Validator.Verdict kept = validate(config, a).getFirst();
    assertThat(kept.verdict()).isEqualTo("kept");
    assertThat(kept.after()).isCloseTo(33.3, org.assertj.core.data.Offset.offset(0.1));
    assertThat(config.current().thresholds()).containsEntry("failure-rate", 35.0);

    // dan degrades from 0% to 33%: past the old threshold, under the new one — hidden, reverted
    a.removeIf(x -> x.agent().equals("dan"));
    for (int i = 0; i < 6; i++) a.add(after(v, "dan", "review", i >= 2, i));
    Validator.Verdict reverted = validate(config, a).getFirst();
    assertThat(reverted.verdict()).isEqualTo("reverted");
    assertThat(reverted.reason())
        .isEqualTo(
            "the new threshold hid a degradation: dan × wf/review 0% -> 33% failed more than"
                + " before, past the previous threshold 20% but under 35%");
    assertThat(config.current().thresholds()).isEmpty();
  }
}
