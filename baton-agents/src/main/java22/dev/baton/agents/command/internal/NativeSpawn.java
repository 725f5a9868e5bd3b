package dev.baton.agents.command.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts a program in a session of its own with the C library's {@code posix_spawn} and {@code
 * POSIX_SPAWN_SETSID}, through the foreign function API (Java 22 and later): one new process, where
 * {@link ProcessBuilder} and {@code setsid} take three programs (the JDK's launch helper, {@code
 * setsid}, then the program), about a millisecond of every command agent's step.
 *
 * <p>It does what the JDK does for a started program: standard input, output and error are pipes
 * (error may share output's), every other descriptor is closed in the child, the signal mask is
 * cleared, a program that cannot be executed fails the start with the system's reason, and one
 * small platform thread waits for each program to exit and reaps it. The program is reaped only
 * after it was marked as exited, so a signal is never sent to a process that took over its pid.
 *
 * <p>Loaded by name, only on Linux with Java 22 or later and native access allowed ({@code
 * --enable-native-access=ALL-UNNAMED}); otherwise {@link ProcessGroup} starts programs through
 * {@code setsid}.
 */
final class NativeSpawn implements SessionSpawn {
  private static final int POSIX_SPAWN_SETSIGMASK = 0x08;
  private static final int POSIX_SPAWN_SETSID = 0x80;
  private static final int O_CLOEXEC = 0x80000;
  private static final int EINTR = 4;
  private static final int F_DUPFD_CLOEXEC = 1030;
  private static final int ENOEXEC = 8;
  private static final String SHELL = "/bin/sh";
  private static final String CANNOT_RUN = "Cannot run program ";
  private static final int P_PID = 1;
  private static final int WEXITED = 4;
  private static final int WNOWAIT = 0x01000000;
  private static final int SIGTERM = 15;
  private static final int SIGKILL = 9;

  /** Room for the C library's opaque types (336, 80 and 128 bytes in glibc on x86-64). */
  private static final long OPAQUE = 1024;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final SymbolLookup LIBC = LINKER.defaultLookup();
  private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
  private static final VarHandle ERRNO_VALUE =
      Linker.Option.captureStateLayout()
          .varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

  private static final MethodHandle SPAWN =
      handle(
          "posix_spawn",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
  private static final MethodHandle ACTIONS_INIT =
      handle("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle ACTIONS_DESTROY =
      handle("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle ADD_DUP2 =
      handle(
          "posix_spawn_file_actions_adddup2",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
  private static final MethodHandle ADD_CLOSEFROM =
      handle(
          "posix_spawn_file_actions_addclosefrom_np",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
  private static final MethodHandle ADD_CHDIR =
      handle(
          "posix_spawn_file_actions_addchdir_np",
          FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle ATTR_INIT =
      handle("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle ATTR_DESTROY =
      handle("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle ATTR_FLAGS =
      handle("posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
  private static final MethodHandle ATTR_SIGMASK =
      handle("posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
  private static final MethodHandle SIGEMPTYSET =
      handle("sigemptyset", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  private static final MethodHandle PIPE2 =
      handle("pipe2", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
  private static final MethodHandle FCNTL =
      handle(
          "fcntl",
          FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
          ERRNO,
          Linker.Option.firstVariadicArg(2));
  private static final MethodHandle STRERRORDESC =
      optional("strerrordesc_np", FunctionDescriptor.of(ADDRESS, JAVA_INT));
  private static final MethodHandle CLOSE =
      handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle KILL =
      handle("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle WAITID =
      handle(
          "waitid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
  private static final MethodHandle WAITPID =
      handle("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);

  /** The encoding the JDK gives the words and environment of the programs it starts. */
  private static final Charset JNU = jnu();

  private static final Map<String, List<byte[]>> INHERITED = inherited();

  /** One small platform thread per running program, as the JDK's own process reaper. */
  private static final ExecutorService REAPER =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("baton-reaper-", 0).daemon().stackSize(128 * 1024).factory());

  /**
   * Checks that a pipe's ends can be opened anew through {@code /proc/self/fd} here (a sandbox may
   * refuse it): if not, programs start through {@code setsid}.
   */
  NativeSpawn() throws IOException {
    int[] probe = null;
    try (Arena arena = Arena.ofConfined()) {
      probe = pipe(arena);
      try (var w = new FileOutputStream(fd(probe[1]));
          var r = new FileInputStream(fd(probe[0]))) {
        w.write('x');
        if (r.read() != 'x') throw new IOException("a pipe reopened through /proc lost a byte");
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    } finally {
      if (probe != null) closeAll(probe);
    }
  }

  private static Charset jnu() {
    try {
      return Charset.forName(System.getProperty("sun.jnu.encoding"));
    } catch (RuntimeException e) {
      return Charset.defaultCharset();
    }
  }

  @SuppressWarnings("restricted") // loaded only with native access enabled (SessionSpawn.load)
  private static MethodHandle optional(String name, FunctionDescriptor fd) {
    return LIBC.find(name).map(symbol -> LINKER.downcallHandle(symbol, fd)).orElse(null);
  }

  @SuppressWarnings("restricted") // loaded only with native access enabled (SessionSpawn.load)
  private static MethodHandle handle(String name, FunctionDescriptor fd, Linker.Option... options) {
    MemorySegment symbol =
        LIBC.find(name).orElseThrow(() -> new UnsupportedOperationException("no " + name));
    return LINKER.downcallHandle(symbol, fd, options);
  }

  @Override
  public Process start(
      List<String> argv, Path program, Map<String, String> env, Path dir, boolean mergeErrors)
      throws IOException {
    int[] in = null;
    int[] out = null;
    int[] err = null;
    Closeable[] streams = null;
    try (Arena arena = Arena.ofConfined()) {
      in = pipe(arena);
      out = pipe(arena);
      err = mergeErrors ? null : pipe(arena);
      // the parent's ends as Java streams before the program starts: once it runs, nothing but
      // handing it to its reaper is left to fail
      OutputStream stdin = new FileOutputStream(fd(in[1]));
      streams = new Closeable[] {stdin, null, null};
      InputStream stdout = new BufferedInputStream(new FileInputStream(fd(out[0])));
      streams[1] = stdout;
      InputStream stderr =
          mergeErrors
              ? InputStream.nullInputStream()
              : new BufferedInputStream(new FileInputStream(fd(err[0])));
      streams[2] = stderr;
      int pid = spawn(arena, argv, program, env, dir, in[0], out[1], mergeErrors ? out[1] : err[1]);
      Spawned process = new Spawned(pid, stdin, stdout, stderr);
      try {
        REAPER.execute(process::reap);
      } catch (RuntimeException | Error e) {
        process.abandon();
        throw new IOException("cannot watch program \"" + argv.getFirst() + "\"", e);
      }
      streams = null; // the process owns them now
      return process;
    } catch (IOException e) {
      // out of descriptors, say: the words a user looks for, with the system's reason below
      if (e.getMessage() != null && e.getMessage().startsWith(CANNOT_RUN)) throw e;
      throw new IOException(CANNOT_RUN + "\"" + argv.getFirst() + "\"", e);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    } finally {
      // the streams opened the parent's ends anew; the child holds its own copies
      closeAll(in, out, err);
      if (streams != null)
        for (Closeable c : streams)
          if (c != null)
            try {
              c.close();
            } catch (IOException e) {
              // what failed before this matters more
            }
    }
  }

  /** Starts the program with the given descriptors as its standard streams; its pid. */
  private static int spawn(
      Arena arena,
      List<String> argv,
      Path program,
      Map<String, String> env,
      Path dir,
      int stdin,
      int stdout,
      int stderr)
      throws Throwable {
    MemorySegment actions = arena.allocate(OPAQUE, 16);
    MemorySegment attr = arena.allocate(OPAQUE, 16);
    check((int) ACTIONS_INIT.invokeExact(actions), "posix_spawn_file_actions_init");
    try {
      check((int) ATTR_INIT.invokeExact(attr), "posix_spawnattr_init");
      try {
        // every descriptor named here is above 2 (see pipe): no dup2 overwrites the next's source
        check((int) ADD_DUP2.invokeExact(actions, stdin, 0), "posix_spawn_file_actions_adddup2");
        check((int) ADD_DUP2.invokeExact(actions, stdout, 1), "posix_spawn_file_actions_adddup2");
        check((int) ADD_DUP2.invokeExact(actions, stderr, 2), "posix_spawn_file_actions_adddup2");
        check(
            (int) ADD_CLOSEFROM.invokeExact(actions, 3),
            "posix_spawn_file_actions_addclosefrom_np");
        if (dir != null)
          check(
              (int) ADD_CHDIR.invokeExact(actions, arena.allocateFrom(dir.toString(), JNU)),
              "posix_spawn_file_actions_addchdir_np");
        MemorySegment mask = arena.allocate(OPAQUE, 16);
        check((int) SIGEMPTYSET.invokeExact(mask), "sigemptyset");
        check((int) ATTR_SIGMASK.invokeExact(attr, mask), "posix_spawnattr_setsigmask");
        check(
            (int)
                ATTR_FLAGS.invokeExact(attr, (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK)),
            "posix_spawnattr_setflags");
        MemorySegment pid = arena.allocate(JAVA_INT);
        MemorySegment envp = environment(arena, env);
        int failed =
            (int)
                SPAWN.invokeExact(
                    pid,
                    cString(arena, program.toString()),
                    actions,
                    attr,
                    strings(arena, argv),
                    envp);
        if (failed == ENOEXEC) {
          // a script without a #! line: the shell runs it, as the JDK and execvp do
          List<String> viaShell = new ArrayList<>(argv.size() + 1);
          viaShell.add(SHELL);
          viaShell.add(program.toString());
          viaShell.addAll(argv.subList(1, argv.size()));
          failed =
              (int)
                  SPAWN.invokeExact(
                      pid, cString(arena, SHELL), actions, attr, strings(arena, viaShell), envp);
        }
        if (failed != 0)
          throw new IOException(
              CANNOT_RUN + "\"" + argv.getFirst() + "\"",
              new IOException("error=" + failed + ", " + describe(failed)));
        return pid.get(JAVA_INT, 0);
      } finally {
        ignore((int) ATTR_DESTROY.invokeExact(attr));
      }
    } finally {
      ignore((int) ACTIONS_DESTROY.invokeExact(actions));
    }
  }

  /**
   * A pipe whose both ends close on exec (the child gets its copies through dup2), each above the
   * standard descriptors: were Baton started with one of them closed, a pipe could take its number,
   * and a dup2 for another stream would close it before its own turn.
   */
  private static int[] pipe(Arena arena) throws Throwable {
    MemorySegment fds = arena.allocate(JAVA_INT, 2);
    MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
    if ((int) PIPE2.invokeExact(state, fds, O_CLOEXEC) != 0) throw failure("pipe2", state);
    int[] pipe = {fds.get(JAVA_INT, 0), fds.get(JAVA_INT, 4)};
    for (int i = 0; i < 2; i++)
      if (pipe[i] < 3) {
        int moved = (int) FCNTL.invokeExact(state, pipe[i], F_DUPFD_CLOEXEC, 3);
        int low = pipe[i];
        if (moved < 0) {
          IOException e = failure("fcntl", state);
          closeAll(pipe);
          throw e;
        }
        pipe[i] = moved;
        ignore((int) CLOSE.invokeExact(low));
      }
    return pipe;
  }

  private static IOException failure(String call, MemorySegment state) {
    int errno = (int) ERRNO_VALUE.get(state, 0L);
    return new IOException(call + " failed: error=" + errno + ", " + describe(errno));
  }

  /** The system's words for an error number ("No such file or directory"). */
  @SuppressWarnings("restricted") // a C string of the library's own
  private static String describe(int errno) {
    if (STRERRORDESC != null)
      try {
        MemorySegment text = (MemorySegment) STRERRORDESC.invokeExact(errno);
        if (!text.equals(MemorySegment.NULL)) return text.reinterpret(256).getString(0);
      } catch (Throwable t) {
        // fall through to the number alone
      }
    return "errno " + errno;
  }

  /**
   * A descriptor of this process as a path: opening it gives a descriptor Java's streams own (and
   * close), for the same pipe.
   */
  private static String fd(int fd) {
    return "/proc/self/fd/" + fd;
  }

  private static void closeAll(int[]... pipes) {
    for (int[] pipe : pipes)
      if (pipe != null)
        for (int fd : pipe)
          try {
            ignore((int) CLOSE.invokeExact(fd));
          } catch (Throwable t) {
            throw new IllegalStateException(t);
          }
  }

  /**
   * The program's environment: what Baton inherited and passes on unchanged goes as the bytes the
   * system gave (a value that is not valid in the locale's encoding stays as it was), the rest is
   * encoded as the JDK encodes it.
   */
  private static MemorySegment environment(Arena arena, Map<String, String> env) {
    List<byte[]> entries = new ArrayList<>(env.size());
    Map<String, Integer> taken = new HashMap<>();
    for (Map.Entry<String, String> e : env.entrySet()) {
      String entry = e.getKey() + "=" + e.getValue();
      List<byte[]> forms = INHERITED.get(entry);
      // entries that read the same (bytes the locale cannot decode) go as they came, in turn
      int n = forms == null ? 0 : taken.merge(entry, 1, Integer::sum);
      entries.add(forms != null && n <= forms.size() ? forms.get(n - 1) : entry.getBytes(JNU));
    }
    MemorySegment array = arena.allocate(ADDRESS, entries.size() + 1L);
    for (int i = 0; i < entries.size(); i++) {
      byte[] bytes = entries.get(i);
      MemorySegment c = arena.allocate(bytes.length + 1L);
      MemorySegment.copy(bytes, 0, c, JAVA_BYTE, 0, bytes.length);
      array.setAtIndex(ADDRESS, i, c);
    }
    array.setAtIndex(ADDRESS, entries.size(), MemorySegment.NULL);
    return array;
  }

  /**
   * Baton's own environment as the system gave it, keyed by the text Java made of each entry: the
   * bytes of every entry that reads so, in the order they came.
   */
  private static Map<String, List<byte[]>> inherited() {
    Map<String, List<byte[]>> entries = new HashMap<>();
    try {
      byte[] all = Files.readAllBytes(Path.of("/proc/self/environ"));
      for (int start = 0, end; start < all.length; start = end + 1) {
        end = start;
        while (end < all.length && all[end] != 0) end++;
        byte[] entry = Arrays.copyOfRange(all, start, end);
        entries.computeIfAbsent(new String(entry, JNU), k -> new ArrayList<>()).add(entry);
      }
    } catch (IOException | SecurityException e) {
      // unreadable: every entry is encoded as the JDK does
    }
    return Map.copyOf(entries);
  }

  private static MemorySegment cString(Arena arena, String text) {
    return arena.allocateFrom(text, JNU);
  }

  private static MemorySegment strings(Arena arena, List<String> values) {
    MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
    for (int i = 0; i < values.size(); i++)
      array.setAtIndex(ADDRESS, i, cString(arena, values.get(i)));
    array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
    return array;
  }

  /**
   * For calls whose result has nothing to add: cleaning up, or a signal to a program that may be
   * gone.
   */
  @SuppressWarnings("UnusedVariable")
  private static void ignore(int result) {}

  private static void check(int result, String what) throws IOException {
    if (result != 0)
      throw new IOException(what + " failed: error=" + result + ", " + describe(result));
  }

  /** A program started here: a {@link Process} like the JDK's own. */
  private static final class Spawned extends Process {
    private final int pid;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;

    /** Null until asked for when {@code /proc} could not say at the start. */
    private volatile ProcessHandle handle;

    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    /** Set, under this object's lock, once the program exited and before it is reaped. */
    private boolean exited;

    Spawned(int pid, OutputStream stdin, InputStream stdout, InputStream stderr) {
      this.pid = pid;
      this.stdin = stdin;
      this.stdout = stdout;
      this.stderr = stderr;
      this.handle = ProcessHandle.of(pid).orElse(null);
    }

    /** For a program no reaper could be given: kills it and reaps it on this thread. */
    void abandon() {
      signal(SIGKILL);
      reap();
    }

    /** Waits for the exit without reaping, marks it, then reaps: signals never reach a new pid. */
    void reap() {
      try (Arena arena = Arena.ofConfined()) {
        MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
        MemorySegment info = arena.allocate(256, 8);
        while ((int) WAITID.invokeExact(state, P_PID, pid, info, WEXITED | WNOWAIT) != 0)
          if ((int) ERRNO_VALUE.get(state, 0L) != EINTR) break;
        synchronized (this) {
          exited = true;
        }
        MemorySegment status = arena.allocate(JAVA_INT);
        int r;
        while ((r = (int) WAITPID.invokeExact(state, pid, status, 0)) < 0
            && (int) ERRNO_VALUE.get(state, 0L) == EINTR) {}
        int s = status.get(JAVA_INT, 0);
        // the JDK's convention: the exit status, or 128 + the signal that ended the program
        exit.complete(r < 0 ? -1 : (s & 0x7f) == 0 ? (s >> 8) & 0xff : 0x80 + (s & 0x7f));
      } catch (Throwable t) {
        exit.complete(-1);
      }
    }

    private synchronized void signal(int signal) {
      if (exited) return;
      try {
        ignore((int) KILL.invokeExact(pid, signal));
      } catch (Throwable t) {
        throw new IllegalStateException(t);
      }
    }

    @Override
    public OutputStream getOutputStream() {
      return stdin;
    }

    @Override
    public InputStream getInputStream() {
      return stdout;
    }

    @Override
    public InputStream getErrorStream() {
      return stderr;
    }

    @Override
    public int waitFor() throws InterruptedException {
      try {
        return exit.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
      try {
        exit.get(timeout, unit);
        return true;
      } catch (TimeoutException e) {
        return false;
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public int exitValue() {
      Integer code = exit.getNow(null);
      if (code == null) throw new IllegalThreadStateException("process hasn't exited");
      return code;
    }

    @Override
    public boolean isAlive() {
      return !exit.isDone();
    }

    @Override
    public void destroy() {
      signal(SIGTERM);
    }

    @Override
    public Process destroyForcibly() {
      signal(SIGKILL);
      return this;
    }

    @Override
    public boolean supportsNormalTermination() {
      return true;
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public ProcessHandle toHandle() {
      ProcessHandle h = handle;
      if (h == null)
        handle =
            h =
                ProcessHandle.of(pid)
                    .orElseThrow(() -> new IllegalStateException("process " + pid + " is gone"));
      return h;
    }

    @Override
    public CompletableFuture<Process> onExit() {
      return exit.thenApply(code -> this);
    }

    @Override
    public String toString() {
      return "Process[pid="
          + pid
          + ", exitValue="
          + (isAlive() ? "\"not exited\"" : exitValue())
          + "]";
    }
  }
}
