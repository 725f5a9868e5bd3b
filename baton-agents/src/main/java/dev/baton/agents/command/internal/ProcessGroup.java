package dev.baton.agents.command.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A program Baton started and every process it started in turn, however they detached.
 *
 * <p>On Linux the program starts in a session (and process group) of its own, as one new process
 * through {@link SessionSpawn} on Java 22 and later, else through {@code setsid}: the terminal's
 * Ctrl-C reaches Baton, which stops its attempts in order, not the agents behind its back, and the
 * members of the session are found from {@code /proc}. Every process also inherits {@link #TAG}
 * with a value of its own in its environment: a child that left the session ({@code setsid} and a
 * double fork, the way daemons detach) still carries it, as Jenkins finds the processes of a build.
 * A process that both leaves the session and clears its environment escapes; the operations guide
 * says how to contain agents in a cgroup instead.
 *
 * <p>Where there is no {@code /proc} or no {@code setsid}, the members are the program's live
 * descendants.
 */
public final class ProcessGroup {
  /** The environment variable that marks every process of one started program. */
  public static final String TAG = "BATON_PROCESS_TAG";

  private static final Path PROC = Path.of("/proc");
  private static final Optional<Path> SETSID = setsid();
  private static final Optional<SessionSpawn> NATIVE = SessionSpawn.load();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** Up to this many pids handed out since the program started are probed one by one. */
  private static final int PROBE = 256;

  private final Process process;
  private final String marker;
  private final long startTicks;
  private final long forksAtStart;
  private final boolean ownSession;
  private final boolean pipesBlock;

  private ProcessGroup(
      Process process,
      String marker,
      long startTicks,
      long forksAtStart,
      boolean ownSession,
      boolean pipesBlock) {
    this.pipesBlock = pipesBlock;
    this.forksAtStart = forksAtStart;
    this.process = process;
    this.marker = marker;
    this.startTicks = startTicks;
    this.ownSession = ownSession;
  }

  /**
   * Starts {@code builder}'s program in a session of its own, tagged. A program that cannot be
   * started fails here, as {@link ProcessBuilder#start()} does ({@code error=2, No such file or
   * directory}), however it is started.
   */
  static ProcessGroup start(ProcessBuilder builder) throws IOException {
    return start(builder, true);
  }

  /** Whether programs start in their own session as one process, without {@code setsid}. */
  static boolean startsNatively() {
    return NATIVE.isPresent();
  }

  /** {@link #start(ProcessBuilder)}, without the native way unless {@code allowNative}. */
  static ProcessGroup start(ProcessBuilder builder, boolean allowNative) throws IOException {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String tag = HexFormat.of().formatHex(random);
    builder.environment().put(TAG, tag);
    boolean ownSession = true;
    boolean pipesBlock = false;
    Process process;
    if (allowNative && NATIVE.isPresent() && pipes(builder)) {
      pipesBlock = true;
      Path program = Executables.check(builder);
      process =
          NATIVE
              .get()
              .start(
                  builder.command(),
                  program,
                  builder.environment(),
                  builder.directory() == null ? null : builder.directory().toPath(),
                  builder.redirectErrorStream());
    } else if (SETSID.isPresent()) {
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
      ownSession = false;
      process = builder.start();
    }
    long ticks = stat(process.pid()).map(Stat::startTicks).orElse(0L);
    return new ProcessGroup(process, TAG + "=" + tag, ticks, forks(), ownSession, pipesBlock);
  }

  /** Every stream a pipe, the one arrangement {@link SessionSpawn} makes. */
  private static boolean pipes(ProcessBuilder builder) {
    return builder.redirectInput().equals(ProcessBuilder.Redirect.PIPE)
        && builder.redirectOutput().equals(ProcessBuilder.Redirect.PIPE)
        && builder.redirectError().equals(ProcessBuilder.Redirect.PIPE);
  }

  /**
   * Whether reading or writing the program's pipes blocks the carrier of a virtual thread with
   * nothing to stand in for it, as with {@link SessionSpawn}'s plain descriptors (for the JDK's own
   * pipes the JDK adds a carrier while one blocks).
   */
  boolean pipesBlock() {
    return pipesBlock;
  }

  Process process() {
    return process;
  }

  /**
   * The running members: the program if alive, its descendants, and (on Linux) every process of its
   * session or carrying its tag. Never Baton itself.
   */
  Set<ProcessHandle> members() {
    Set<Long> pids = Files.isDirectory(PROC) ? scan() : descendants();
    long self = ProcessHandle.current().pid();
    Set<ProcessHandle> all = new LinkedHashSet<>();
    for (long pid : pids)
      if (pid != self) ProcessHandle.of(pid).filter(ProcessTree::isRunning).ifPresent(all::add);
    return all;
  }

  private Set<Long> descendants() {
    Set<Long> pids = new LinkedHashSet<>();
    ProcessHandle root = process.toHandle();
    if (root.isAlive()) pids.add(root.pid());
    root.descendants().forEach(h -> pids.add(h.pid()));
    return pids;
  }

  /**
   * One pass over {@code /proc}: only processes started no earlier than the program can be its own
   * (when pids were handed out in order since, only pids above the program's are read at all); of
   * those, the ones in its session, below it, or carrying its tag. Zombies are left out.
   */
  private Set<Long> scan() {
    long root = process.pid();
    long newest = newestPid(root);
    boolean inOrder = newest != Long.MAX_VALUE;
    Map<Long, Long> parents = new HashMap<>();
    Set<Long> found = new LinkedHashSet<>();
    byte[] needle = marker.getBytes(StandardCharsets.US_ASCII);
    if (inOrder && newest - root <= PROBE) {
      // few pids were handed out since: look at each rather than list every process
      // (most have come and gone: Files.exists asks without the cost of an exception)
      for (long pid = root; pid <= newest; pid++)
        if (Files.exists(PROC.resolve(Long.toString(pid))))
          consider(pid, root, needle, parents, found);
    } else {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(PROC, "[0-9]*")) {
        for (Path dir : dirs) {
          long pid;
          try {
            pid = Long.parseLong(dir.getFileName().toString());
          } catch (NumberFormatException e) {
            continue;
          }
          if (inOrder && pid != root && (pid < root || pid > newest)) continue;
          consider(pid, root, needle, parents, found);
        }
      } catch (IOException e) {
        return descendants(); // /proc unreadable: the descendants are all we know
      }
    }
    // below the program (a child that cleared its tag and left the session while its parent lives)
    boolean grew = true;
    while (grew) {
      grew = false;
      for (Map.Entry<Long, Long> e : parents.entrySet())
        if (!found.contains(e.getKey()) && (e.getValue() == root || found.contains(e.getValue()))) {
          found.add(e.getKey());
          grew = true;
        }
    }
    return found;
  }

  private void consider(
      long pid, long root, byte[] needle, Map<Long, Long> parents, Set<Long> found) {
    Optional<Stat> stat = stat(pid);
    if (stat.isEmpty() || stat.get().startTicks() < startTicks || stat.get().state() == 'Z') return;
    // the program's pid, taken by another process once the program was reaped: not ours
    if (pid == root && stat.get().startTicks() != startTicks) return;
    parents.put(pid, stat.get().parent());
    if (pid == root
        || (ownSession && stat.get().session() == root)
        || tagged(PROC.resolve(Long.toString(pid)), needle)) found.add(pid);
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

  /**
   * The highest pid a process started since the program can have, when pids were handed out in
   * order since then; else {@link Long#MAX_VALUE} (every process is looked at). Pids grow until
   * {@code pid_max}, then start again from low numbers: no wrap happened when the last pid handed
   * out is above the program's and fewer processes were created since (the kernel's fork count)
   * than it takes to go round.
   */
  private long newestPid(long root) {
    long last = readLong(PROC.resolve("sys/kernel/ns_last_pid"));
    long max = readLong(PROC.resolve("sys/kernel/pid_max"));
    long forks = forks();
    if (last < root || max <= 0 || forksAtStart < 0 || forks < 0) return Long.MAX_VALUE;
    return forks - forksAtStart < max / 2 ? last : Long.MAX_VALUE;
  }

  /** Processes (and threads) created since boot, from {@code /proc/stat}; -1 when unknown. */
  private static long forks() {
    try (var lines = Files.lines(PROC.resolve("stat"))) {
      return lines
          .filter(l -> l.startsWith("processes "))
          .findFirst()
          .map(l -> Long.parseLong(l.substring("processes ".length()).strip()))
          .orElse(-1L);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * A number from a file of {@code /proc/sys}, read in one call with room to spare. These files
   * claim a size of 0 and answer only a read at offset 0: {@link Files#readString} returned the
   * first digit alone ({@code "6"} for an {@code ns_last_pid} of 6145), so the pids were never seen
   * to be in order and every sweep read every process of the machine.
   */
  static long readLong(Path file) {
    byte[] b = new byte[64];
    int n = 0;
    try (InputStream in = Files.newInputStream(file)) {
      for (int r; n < b.length && (r = in.read(b, n, b.length - n)) > 0; ) n += r;
      return Long.parseLong(new String(b, 0, n, StandardCharsets.US_ASCII).strip());
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The fields of {@code /proc/PID/stat} used here. */
  record Stat(char state, long parent, long session, long startTicks) {}

  /**
   * Reads {@code /proc/PID/stat} into a small buffer and parses the bytes: this runs for every
   * process of the machine when an attempt ends, so no string splitting.
   */
  static Optional<Stat> stat(long pid) {
    byte[] b = new byte[1024];
    int n = 0;
    try (InputStream in = Files.newInputStream(PROC.resolve(Long.toString(pid)).resolve("stat"))) {
      for (int r; n < b.length && (r = in.read(b, n, b.length - n)) > 0; ) n += r;
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    // "pid (comm) state ppid pgrp session … starttime(22nd)"; comm may hold spaces and ')'
    int p = n - 1;
    while (p >= 0 && b[p] != ')') p--;
    if (p < 0 || p + 2 >= n) return Optional.empty();
    char state = (char) b[p + 2];
    long[] fields = new long[20]; // fields 3.. of stat, by index from 0 = state
    int field = 0;
    long value = 0;
    for (int k = p + 2; k < n && field < fields.length; k++) {
      byte c = b[k];
      if (c == ' ' || c == '\n') {
        fields[field++] = value;
        value = 0;
      } else if (c >= '0' && c <= '9') value = value * 10 + (c - '0');
    }
    if (field < fields.length) return Optional.empty();
    return Optional.of(new Stat(state, fields[1], fields[3], fields[19]));
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
