package dev.baton.agents.command.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A program Baton started and every process it started in turn, however they detached.
 *
 * <p>On Linux the program starts through {@code setsid}, in a session (and process group) of its
 * own: the terminal's Ctrl-C reaches Baton, which stops its attempts in order, not the agents
 * behind its back, and the members of the session are found from {@code /proc}. Every process also
 * inherits {@link #TAG} with a value of its own in its environment: a child that left the session
 * ({@code setsid} and a double fork, the way daemons detach) still carries it, as Jenkins finds the
 * processes of a build. A process that both leaves the session and clears its environment escapes;
 * the operations guide says how to contain agents in a cgroup instead.
 *
 * <p>Where there is no {@code /proc} or no {@code setsid}, the members are the program's live
 * descendants.
 */
public final class ProcessGroup {
  /** The environment variable that marks every process of one started program. */
  public static final String TAG = "BATON_PROCESS_TAG";

  private static final Path PROC = Path.of("/proc");
  private static final Optional<Path> SETSID = setsid();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Process process;
  private final String marker;
  private final long startTicks;
  private final boolean ownSession;

  private ProcessGroup(Process process, String marker, long startTicks, boolean ownSession) {
    this.process = process;
    this.marker = marker;
    this.startTicks = startTicks;
    this.ownSession = ownSession;
  }

  /**
   * Starts {@code builder}'s program in a session of its own, tagged. A program that cannot be
   * started fails here, as {@link ProcessBuilder#start()} does ({@code error=2, No such file or
   * directory}), although {@code setsid} is what the system starts.
   */
  static ProcessGroup start(ProcessBuilder builder) throws IOException {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String tag = HexFormat.of().formatHex(random);
    builder.environment().put(TAG, tag);
    boolean ownSession = SETSID.isPresent();
    Process process;
    if (ownSession) {
      Executables.check(builder);
      var original = builder.command();
      var wrapped = new java.util.ArrayList<String>(original.size() + 1);
      wrapped.add(SETSID.get().toString());
      wrapped.addAll(original);
      builder.command(wrapped);
      try {
        process = builder.start();
      } finally {
        builder.command(original);
      }
    } else {
      process = builder.start();
    }
    long ticks = stat(process.pid()).map(Stat::startTicks).orElse(0L);
    return new ProcessGroup(process, TAG + "=" + tag, ticks, ownSession);
  }

  Process process() {
    return process;
  }

  /**
   * The running members: the program if alive, its descendants, and (on Linux) every process of its
   * session or carrying its tag. Never Baton itself.
   */
  Set<ProcessHandle> members() {
    Set<ProcessHandle> all = new LinkedHashSet<>();
    ProcessHandle root = process.toHandle();
    if (root.isAlive()) all.add(root);
    root.descendants().forEach(all::add);
    if (Files.isDirectory(PROC)) scan(all);
    long self = ProcessHandle.current().pid();
    all.removeIf(h -> h.pid() == self || !ProcessTree.isRunning(h));
    return all;
  }

  private void scan(Set<ProcessHandle> into) {
    byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(PROC, "[0-9]*")) {
      for (Path dir : pids) {
        long pid;
        try {
          pid = Long.parseLong(dir.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        Optional<Stat> stat = stat(pid);
        // a process older than the program cannot be one it started
        if (stat.isEmpty() || stat.get().startTicks() < startTicks) continue;
        boolean member =
            (ownSession && stat.get().session() == process.pid()) || tagged(dir, needle);
        if (member) ProcessHandle.of(pid).ifPresent(into::add);
      }
    } catch (IOException e) {
      // /proc unreadable: the descendants are all we know
    }
  }

  private static boolean tagged(Path dir, byte[] needle) {
    try {
      return indexOf(Files.readAllBytes(dir.resolve("environ")), needle) >= 0;
    } catch (IOException | SecurityException e) {
      return false; // gone, or another user's: not ours
    }
  }

  private static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      if (i > 0 && hay[i - 1] != 0) continue;
      for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
      return i;
    }
    return -1;
  }

  /** The fields of {@code /proc/PID/stat} used here. */
  record Stat(char state, long session, long startTicks) {}

  static Optional<Stat> stat(long pid) {
    try {
      String s = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"));
      // "pid (comm) state ppid pgrp session … starttime(22nd)"; comm may hold spaces and ')'
      String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
      return Optional.of(new Stat(f[0].charAt(0), Long.parseLong(f[3]), Long.parseLong(f[19])));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Path> setsid() {
    if (!Files.isDirectory(PROC)) return Optional.empty();
    for (String dir : new String[] {"/usr/bin", "/bin", "/usr/sbin", "/sbin"}) {
      Path p = Path.of(dir, "setsid");
      if (Files.isExecutable(p)) return Optional.of(p);
    }
    return Optional.empty();
  }
}
