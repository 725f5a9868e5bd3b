package dev.baton.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Keeps the load harness from rotting: every scenario and floor, at smoke counts, with no
 * thresholds.
 */
class HarnessSmokeTest {

  @Test
  void the_harness_runs_every_scenario_and_floor_in_smoke_mode(@TempDir Path dir) throws Exception {
    // the command-line scenario runs ./baton, which would build the CLI in the middle of a build
    Set<String> scenarios = new java.util.HashSet<>(Harness.SCENARIOS);
    scenarios.remove("cli");
    String report = Harness.run(new Plan(true), scenarios, dir, true);

    assertThat(report)
        .contains(
            "| W1 | Baton | 32 |",
            "| W1 | futures (memory) | 1 |",
            "| W2 | SQLite, group commit | 32 |",
            "| W2 | SQLite, commit per event | 1 |",
            "| W1 command `true` | Baton | 1 |",
            "| W2 command `true` | Baton | 32 |",
            "| W1 command `true` | processes, no durability | 32 |",
            "| W2 command `true` | processes, no durability | 1 |",
            "| W1 command `true` | 32 |",
            "W1 command c=1 ≥ 0.9× the process floor's wf/s")
        .contains(
            "W3: 50 runs of W1 in flight",
            "W3 remote: 5 runs of W1 in flight",
            "Recovery: 50 unfinished runs",
            "W4 soak: 1,000 W1 runs",
            "embedded, short warm-up",
            "Baton vs floors");
    // at c = 1 the workflows also take turns one by one, and both writers' commits are timed
    assertThat(report)
        .contains(
            "W1 c=1, 10 workflows each taking turns one by one with the floor's",
            "W1 c=1 p50 ≤ 1.3× the group-commit floor's p50 (median of the rounds)",
            "W1 c=1, the floor: the journal's writer was writing or committing");
    // the second process floor starts its programs as a command agent starts them
    assertThat(report)
        .contains(
            "| W1 command `true` | processes started as a command agent starts them, no durability | 32 |",
            "W1 command `true` c=1: Baton ÷ the processes started as a command agent starts them:");
  }

  @Test
  void unknown_options_are_refused() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Harness.main(new String[] {"--fast"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--smoke");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> Harness.main(new String[] {"--concurrency", "8"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--concurrency takes 32, 1 or both");
    assertThat(Harness.SCENARIOS)
        .isEqualTo(Set.of("w1", "w2", "command", "w3", "recovery", "w4", "cli", "embed"));
  }
}
