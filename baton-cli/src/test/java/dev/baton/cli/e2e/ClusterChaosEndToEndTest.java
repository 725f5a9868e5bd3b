package dev.baton.cli.e2e;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three {@code baton serve} nodes on one PostgreSQL database execute runs of the feature example
 * started through the API while nodes are killed with {@code kill -9} and restarted at random
 * moments (seeded). Every run must end SUCCEEDED, every journal must be contiguous, and no step may
 * be recorded as succeeded twice (read from the database); the daily review, scheduled every
 * minute, must fire once per tick among the nodes. Every build runs a short version (12 runs, up to
 * 2 kills); {@code -Dbaton.chaos=true} runs 30 runs and 5 kills, and {@code -Dbaton.chaos.runs=200
 * -Dbaton.chaos.kills=10} the long version (docs/cluster.md).
 */
class ClusterChaosEndToEndTest {
  private static final boolean LONG = Boolean.getBoolean("baton.chaos");
  private static final int RUNS = Integer.getInteger("baton.chaos.runs", LONG ? 30 : 12);
  private static final int KILLS = Integer.getInteger("baton.chaos.kills", LONG ? 5 : 2);
  private static final long SEED = Long.getLong("baton.chaos.seed", 7);
  private static final Set<String> FINISHED =
      Set.of("SUCCEEDED", "FAILED", "ROLLED_BACK", "CANCELLED");

  @TempDir Path dir;

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES) // the long version takes minutes
  void runs_end_once_each_while_nodes_sharing_one_postgresql_are_killed_at_random()
      throws Exception {
    Random random = new Random(SEED);
    // a short lease: a killed node's runs are taken over within seconds
    // and the daily review every minute: each tick must fire once among the nodes
    try (Cluster cluster = Cluster.start(dir, 3, "10s", Map.of(), Cluster.EVERY_MINUTE)) {
      Set<Long> killed = new HashSet<>();
      List<String> runs = new ArrayList<>();
      for (int i = 0; i < RUNS; i++)
        runs.add(cluster.nodes.get(i % cluster.nodes.size()).startRun("chaos " + i));

      // kill a random node once the runs have made progress since the last kill, then restart it
      // (a short version's runs may all end before its last kill: no kill is left to make then)
      for (int k = 0; k < KILLS; k++) {
        long before = succeededSteps(cluster, runs);
        long more = 1L + random.nextInt(4);
        await()
            .atMost(Duration.ofMinutes(3))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> succeededSteps(cluster, runs) >= before + more || allEnded(cluster, runs));
        if (allEnded(cluster, runs)) break;
        Cluster.Node victim = cluster.nodes.get(random.nextInt(cluster.nodes.size()));
        killed.add(victim.process.pid());
        victim.process.kill9();
        victim.start();
      }

      try {
        await()
            .atMost(Duration.ofMinutes(20))
            .pollInterval(Duration.ofSeconds(1))
            .until(() -> allEnded(cluster, runs));
      } catch (ConditionTimeoutException e) {
        throw new AssertionError(
            "runs not finished: " + cluster.states() + "\n" + cluster.logs(), e);
      }
      org.assertj.core.api.Assertions.assertThat(killed).as("nodes killed").isNotEmpty();
      cluster.assertEachRunSucceededRecordingEveryStepOnce(runs);
      cluster.assertEachTickFiredOnce(killed);
    }
  }

  private static boolean allEnded(Cluster cluster, List<String> runs) throws Exception {
    Map<String, String> states = cluster.states();
    return runs.stream().allMatch(r -> FINISHED.contains(states.get(r)));
  }

  private static long succeededSteps(Cluster cluster, List<String> runs) throws Exception {
    return cluster.count("StepSucceeded", runs);
  }
}
