package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.workflow.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * The {@code cluster} section of {@code baton.yaml}: {@code cluster: {lease: 30s}}, how long a
 * process's lease on a run lasts without renewal. A node that dies loses its runs to the others
 * within about this long (they look for such runs every third of it); a shorter lease means faster
 * failover and more renewals. A broken value is the user's mistake (exit 2).
 */
record ClusterConfig(Duration lease) {
  static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  private static final Duration MIN_LEASE = Duration.ofSeconds(2);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** How often a server looks for runs that no live process executes. */
  Duration sweepEvery() {
    return lease.dividedBy(3);
  }

  static ClusterConfig load(Path file) {
    if (!Files.isRegularFile(file)) return new ClusterConfig(DEFAULT_LEASE);
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
    JsonNode cluster = root == null ? null : root.get("cluster");
    if (cluster == null || cluster.isNull()) return new ClusterConfig(DEFAULT_LEASE);
    if (!cluster.isObject())
      throw new UserError(file + ": 'cluster' must be a map, e.g. {lease: 30s}");
    for (Map.Entry<String, JsonNode> e : cluster.properties()) {
      if (!Set.of("lease").contains(e.getKey())) {
        throw new UserError(file + ": unknown key 'cluster." + e.getKey() + "' (keys: lease)");
      }
    }
    JsonNode lease = cluster.get("lease");
    if (lease == null || lease.isNull()) return new ClusterConfig(DEFAULT_LEASE);
    Duration d;
    try {
      d = Durations.parse(lease.asText());
    } catch (IllegalArgumentException e) {
      throw new UserError(file + ": 'cluster.lease': " + e.getMessage());
    }
    if (d.compareTo(MIN_LEASE) < 0) {
      throw new UserError(file + ": 'cluster.lease' must be at least 2s, not " + lease.asText());
    }
    return new ClusterConfig(d);
  }
}
