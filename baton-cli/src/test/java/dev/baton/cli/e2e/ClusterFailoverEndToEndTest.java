package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code baton serve} nodes sharing one PostgreSQL database lose a node and go on: a node killed
 * with {@code kill -9} in the middle of its runs, and a node paused with {@code SIGSTOP} past its
 * lease, then resumed. Every run ends once, and the journal records no step twice; the review
 * scheduled every minute fires once per tick among the nodes. The long, randomized version is
 * {@link ClusterChaosEndToEndTest}.
 */
class ClusterFailoverEndToEndTest {
  private static final Set<String> FINISHED =
      Set.of("SUCCEEDED", "FAILED", "ROLLED_BACK", "CANCELLED");

  @TempDir Path dir;

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void a_node_killed_mid_run_leaves_its_runs_to_the_others_and_no_step_is_recorded_twice()
      throws Exception {
    try (Cluster cluster =
        Cluster.start(dir, 3, "6s", Map.of("BATON_DEMO_SPEED", "0.2"), Cluster.EVERY_MINUTE)) {
      List<String> runs = new ArrayList<>();
      for (int i = 0; i < 6; i++)
        runs.add(cluster.nodes.get(i % cluster.nodes.size()).startRun("failover " + i));

      // the victim holds an agent slot for a step of a run it executes, after that run's first
      // step succeeded: it dies in the middle of its work
      Cluster.Node victim =
          await()
              .atMost(Duration.ofMinutes(4))
              .until(() -> midRun(cluster, runs), Optional::isPresent)
              .orElseThrow();
      long killed = victim.process.pid();
      List<String> orphaned =
          cluster.leases().entrySet().stream()
              .filter(e -> victim.owns(e.getValue()))
              .map(Map.Entry::getKey)
              .toList();
      // operators see which node executes each run: `baton runs` and the API name the victim
      // (for one of its runs at least: another may have just ended)
      Map<String, String> byCli = cluster.nodesShownByCli();
      Map<String, String> byApi = cluster.nodesShownByApi();
      assertThat(orphaned).anyMatch(run -> victim.name.equals(byCli.get(run)));
      assertThat(orphaned).anyMatch(run -> victim.name.equals(byApi.get(run)));
      victim.process.kill9();

      awaitFinished(cluster, runs);
      assertThat(orphaned).as("runs the killed node executed").isNotEmpty();
      cluster.assertEachRunSucceededRecordingEveryStepOnce(runs);
      assertThat(cluster.claims()).as("slots and resources held after the runs").isEmpty();
      cluster.assertEachTickFiredOnce(Set.of(killed));
    }
  }

  @Test
  @Timeout(value = 12, unit = TimeUnit.MINUTES)
  void a_paused_node_loses_its_runs_and_its_writes_after_it_resumes_are_refused() throws Exception {
    Map<String, String> env = Map.of("BATON_DEMO_SPEED", "1", "BATON_LOG_LEVEL", "INFO");
    try (Cluster cluster = Cluster.start(dir, 2, "3s", env)) {
      Cluster.Node paused = cluster.nodes.get(0);
      Cluster.Node other = cluster.nodes.get(1);
      List<String> runs = List.of(paused.startRun("pause 1"), paused.startRun("pause 2"));
      await()
          .atMost(Duration.ofMinutes(4))
          .until(() -> cluster.grantedClaims().values().stream().anyMatch(paused::owns));
      paused.process.signal("STOP");

      // the process is alive, so only the expiry of its lease frees its runs; the other node
      // takes each unfinished one over (and its steps' agent slots with it)
      cluster.awaitOrExplain(
          "the other node leases every unfinished run",
          () -> cluster.leases().values().stream().allMatch(other::owns));
      paused.process.signal("CONT");

      // the resumed node stops executing the runs it lost: what it tries to record is refused by
      // the fence, or, with nothing left to record, it sees the lease gone and lets the run go
      cluster.awaitOrExplain(
          "the resumed node stops the runs it lost",
          () ->
              cluster.logs().contains("another process has taken over its lease")
                  || cluster.logs().contains("its lease was taken over by another process"));
      awaitFinished(cluster, runs);
      cluster.assertEachRunSucceededRecordingEveryStepOnce(runs);

      // the resumed node is not wedged: it executes a new run of its own
      String after = paused.startRun("after the pause");
      awaitFinished(cluster, List.of(after));
      cluster.assertEachRunSucceededRecordingEveryStepOnce(List.of(after));
    }
  }

  /** A node holding a granted claim of a run whose first step has succeeded, if any. */
  private static Optional<Cluster.Node> midRun(Cluster cluster, List<String> runs)
      throws Exception {
    for (var claim : cluster.grantedClaims().entrySet()) {
      String run = claim.getKey().substring(0, claim.getKey().indexOf('/'));
      if (!runs.contains(run)) continue;
      boolean started =
          cluster.journal(run).stream().anyMatch(e -> e.type().equals("StepSucceeded"));
      if (!started) continue;
      for (Cluster.Node n : cluster.nodes) if (n.owns(claim.getValue())) return Optional.of(n);
    }
    return Optional.empty();
  }

  private static void awaitFinished(Cluster cluster, List<String> runs) throws Exception {
    try {
      await()
          .atMost(Duration.ofMinutes(6))
          .pollInterval(Duration.ofMillis(500))
          .until(() -> {
            Map<String, String> states = cluster.states();
            return runs.stream().allMatch(r -> FINISHED.contains(states.get(r)));
          });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("runs not finished: " + cluster.states() + "\n" + cluster.logs(), e);
    }
  }
}
