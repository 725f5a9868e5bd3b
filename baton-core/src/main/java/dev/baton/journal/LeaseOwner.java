package dev.baton.journal;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Who holds a run's lease: a process on a host, part of a node. Rendered {@code
 * host/pid/startMillis} for a process without a name of its own, {@code host/pid/startMillis/node}
 * for a named node (a {@code baton serve}, docs/cluster.md). On the same host a lease whose process
 * is gone (or whose pid was reused by another process) is taken over at once; elsewhere it is taken
 * over when it expires.
 *
 * @param node the node's stable name, what operators see ({@code baton runs}, the server's logs);
 *     the host name for a process without a name of its own. A node keeps its name across restarts;
 *     the process part tells its lives apart.
 */
public record LeaseOwner(String host, long pid, long startMillis, String node) {
  private static final LeaseOwner CURRENT = find();
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

  public LeaseOwner {
    java.util.Objects.requireNonNull(host, "host");
    java.util.Objects.requireNonNull(node, "node");
  }

  /** A process without a node name of its own: its node is its host. */
  public LeaseOwner(String host, long pid, long startMillis) {
    this(host, pid, startMillis, host);
  }

  /** This process. */
  public static LeaseOwner current() {
    return CURRENT;
  }

  /**
   * This process as the node {@code node}.
   *
   * @throws IllegalArgumentException unless {@code node} is 1 to 64 letters, digits, {@code .},
   *     {@code _}, {@code :} or {@code -}, starting with a letter or digit
   */
  public static LeaseOwner node(String node) {
    if (!isNodeName(node))
      throw new IllegalArgumentException(
          "node name '"
              + node
              + "': 1 to 64 letters, digits, '.', '_', ':' or '-', starting with a letter or digit");
    return new LeaseOwner(CURRENT.host, CURRENT.pid, CURRENT.startMillis, node);
  }

  public static boolean isNodeName(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  private static LeaseOwner find() {
    ProcessHandle self = ProcessHandle.current();
    long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return new LeaseOwner(hostName(), self.pid(), start);
  }

  public static Optional<LeaseOwner> parse(String text) {
    if (text == null) return Optional.empty();
    String[] p = text.split("/");
    if (p.length != 3 && p.length != 4) return Optional.empty();
    try {
      return Optional.of(
          new LeaseOwner(
              p[0], Long.parseLong(p[1]), Long.parseLong(p[2]), p.length == 4 ? p[3] : p[0]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The node of a lease holder as stored ({@link #toString}); the text itself when unreadable. */
  public static String nodeOf(String text) {
    return parse(text).map(LeaseOwner::node).orElse(text);
  }

  /** True when this is the same process as {@code other}, whatever node name either carries. */
  public boolean sameProcess(LeaseOwner other) {
    return host.equals(other.host) && pid == other.pid && startMillis == other.startMillis;
  }

  /**
   * {@link #isDead()} of an owner as stored: false for text that is not an owner, whose process
   * nobody can tell about.
   */
  public static boolean isDead(String owner) {
    return parse(owner).map(LeaseOwner::isDead).orElse(false);
  }

  /**
   * True only when this owner is known to be gone: same host, and no process with its pid and start
   * time.
   */
  public boolean isDead() {
    if (sameProcess(CURRENT)) return false;
    if (!host.equals(CURRENT.host)) return false;
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) return true;
    long start = h.get().info().startInstant().map(Instant::toEpochMilli).orElse(startMillis);
    return Math.abs(start - startMillis) > 1000;
  }

  @Override
  public String toString() {
    String process = host + "/" + pid + "/" + startMillis;
    return node.equals(host) ? process : process + "/" + node;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
