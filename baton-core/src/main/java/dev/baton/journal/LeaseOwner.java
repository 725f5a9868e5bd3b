package dev.baton.journal;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * Who holds a run's lease: a process on a host. Rendered {@code host/pid/startMillis}. On the same
 * host a lease whose process is gone (or whose pid was reused by another process) is taken over at
 * once; elsewhere it is taken over when it expires.
 */
public record LeaseOwner(String host, long pid, long startMillis) {
  private static final LeaseOwner CURRENT = find();

  /** This process. */
  public static LeaseOwner current() {
    return CURRENT;
  }

  private static LeaseOwner find() {
    ProcessHandle self = ProcessHandle.current();
    long start = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    return new LeaseOwner(hostName(), self.pid(), start);
  }

  public static Optional<LeaseOwner> parse(String text) {
    if (text == null) return Optional.empty();
    String[] p = text.split("/");
    if (p.length != 3) return Optional.empty();
    try {
      return Optional.of(new LeaseOwner(p[0], Long.parseLong(p[1]), Long.parseLong(p[2])));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /**
   * True only when this owner is known to be gone: same host, and no process with its pid and start
   * time.
   */
  public boolean isDead() {
    if (equals(CURRENT)) return false;
    if (!host.equals(CURRENT.host)) return false;
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) return true;
    long start = h.get().info().startInstant().map(Instant::toEpochMilli).orElse(startMillis);
    return Math.abs(start - startMillis) > 1000;
  }

  @Override
  public String toString() {
    return host + "/" + pid + "/" + startMillis;
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "localhost";
    }
  }
}
