package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.journal.LeaseOwner;
import dev.baton.workflow.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@code cluster} section of {@code baton.yaml}: {@code cluster: {lease: 30s, node: NAME}}.
 * {@code lease} is how long a process's lease on a run lasts without renewal: a node that dies
 * loses its runs to the others within about this long (they look for such runs every third of it);
 * a shorter lease means faster failover and more renewals. {@code node} names this node ({@code
 * baton serve --node} wins over it). A broken value is the user's mistake (exit 2).
 */
record ClusterConfig(Duration lease, Optional<String> node) {
  static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
  private static final Duration MIN_LEASE = Duration.ofSeconds(2);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ClusterConfig DEFAULT = new ClusterConfig(DEFAULT_LEASE, Optional.empty());

  /** How often a server looks for runs that no live process executes. */
  Duration sweepEvery() {
    return lease.dividedBy(3);
  }

  static ClusterConfig load(Path file) {
    if (!Files.isRegularFile(file)) return DEFAULT;
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
    JsonNode cluster = root == null ? null : root.get("cluster");
    if (cluster == null || cluster.isNull()) return DEFAULT;
    if (!cluster.isObject())
      throw new UserError(file + ": 'cluster' must be a map, e.g. {lease: 30s}");
    for (Map.Entry<String, JsonNode> e : cluster.properties()) {
      if (!Set.of("lease", "node").contains(e.getKey())) {
        throw new UserError(
            file + ": unknown key 'cluster." + e.getKey() + "' (keys: lease, node)");
      }
    }
    Optional<String> node = Optional.ofNullable(cluster.get("node")).map(JsonNode::asText);
    if (node.isPresent() && !LeaseOwner.isNodeName(node.get()))
      throw new UserError(
          file
              + ": 'cluster.node' must be 1 to 64 letters, digits, '.', '_', ':' or '-', not '"
              + node.get()
              + "'");
    JsonNode lease = cluster.get("lease");
    if (lease == null || lease.isNull()) return new ClusterConfig(DEFAULT_LEASE, node);
    Duration d;
    try {
      d = Durations.parse(lease.asText());
    } catch (IllegalArgumentException e) {
      throw new UserError(file + ": 'cluster.lease': " + e.getMessage());
    }
    if (d.compareTo(MIN_LEASE) < 0) {
      throw new UserError(file + ": 'cluster.lease' must be at least 2s, not " + lease.asText());
    }
    return new ClusterConfig(d, node);
  }
}
