package dev.baton.agents.command.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

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
import java.nio.file.Path;
import java.util.ArrayList;
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
  private static final int ENOEXEC = 8;
  private static final String SHELL = "/bin/sh";
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
  private static final MethodHandle CLOSE =
      handle("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
  private static final MethodHandle KILL =
      handle("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
  private static final MethodHandle WAITID =
      handle(
          "waitid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);
  private static final MethodHandle WAITPID =
      handle("waitpid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), ERRNO);

  /** One small platform thread per running program, as the JDK's own process reaper. */
  private static final ExecutorService REAPER =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().name("baton-reaper-", 0).daemon().stackSize(128 * 1024).factory());

  NativeSpawn() {}

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
    try (Arena arena = Arena.ofConfined()) {
      in = pipe(arena);
      out = pipe(arena);
      err = mergeErrors ? null : pipe(arena);
      MemorySegment actions = arena.allocate(OPAQUE, 16);
      MemorySegment attr = arena.allocate(OPAQUE, 16);
      check((int) ACTIONS_INIT.invokeExact(actions), "posix_spawn_file_actions_init");
      try {
        check((int) ATTR_INIT.invokeExact(attr), "posix_spawnattr_init");
        try {
          check((int) ADD_DUP2.invokeExact(actions, in[0], 0), "adddup2");
          check((int) ADD_DUP2.invokeExact(actions, out[1], 1), "adddup2");
          check((int) ADD_DUP2.invokeExact(actions, mergeErrors ? out[1] : err[1], 2), "adddup2");
          check((int) ADD_CLOSEFROM.invokeExact(actions, 3), "addclosefrom_np");
          if (dir != null)
            check(
                (int) ADD_CHDIR.invokeExact(actions, arena.allocateFrom(dir.toString())),
                "addchdir_np");
          MemorySegment mask = arena.allocate(OPAQUE, 16);
          check((int) SIGEMPTYSET.invokeExact(mask), "sigemptyset");
          check((int) ATTR_SIGMASK.invokeExact(attr, mask), "setsigmask");
          check(
              (int)
                  ATTR_FLAGS.invokeExact(
                      attr, (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK)),
              "setflags");
          MemorySegment pid = arena.allocate(JAVA_INT);
          MemorySegment envp =
              strings(
                  arena,
                  env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
          int failed =
              (int)
                  SPAWN.invokeExact(
                      pid,
                      arena.allocateFrom(program.toString()),
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
                        pid,
                        arena.allocateFrom(SHELL),
                        actions,
                        attr,
                        strings(arena, viaShell),
                        envp);
          }
          if (failed != 0) throw cannotRun(argv.getFirst(), failed);
          Spawned process =
              new Spawned(
                  pid.get(JAVA_INT, 0),
                  new FileOutputStream(fd(in[1])),
                  new FileInputStream(fd(out[0])),
                  mergeErrors ? InputStream.nullInputStream() : new FileInputStream(fd(err[0])));
          REAPER.execute(process::reap);
          return process;
        } finally {
          var _ = (int) ATTR_DESTROY.invokeExact(attr);
        }
      } finally {
        var _ = (int) ACTIONS_DESTROY.invokeExact(actions);
      }
    } catch (IOException | RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IOException(t);
    } finally {
      // the streams above opened the parent's ends anew; the child holds its own copies
      closeAll(in, out, err);
    }
  }

  /** A pipe whose both ends close on exec (the child gets its copies through dup2). */
  private static int[] pipe(Arena arena) throws Throwable {
    MemorySegment fds = arena.allocate(JAVA_INT, 2);
    MemorySegment state = arena.allocate(Linker.Option.captureStateLayout());
    if ((int) PIPE2.invokeExact(state, fds, O_CLOEXEC) != 0)
      throw new IOException("pipe2 failed: errno " + (int) ERRNO_VALUE.get(state, 0L));
    return new int[] {fds.get(JAVA_INT, 0), fds.get(JAVA_INT, 4)};
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
            var _ = (int) CLOSE.invokeExact(fd);
          } catch (Throwable t) {
            throw new IllegalStateException(t);
          }
  }

  private static MemorySegment strings(Arena arena, List<String> values) {
    MemorySegment array = arena.allocate(ADDRESS, values.size() + 1L);
    for (int i = 0; i < values.size(); i++)
      array.setAtIndex(ADDRESS, i, arena.allocateFrom(values.get(i)));
    array.setAtIndex(ADDRESS, values.size(), MemorySegment.NULL);
    return array;
  }

  private static void check(int result, String what) throws IOException {
    if (result != 0) throw new IOException(what + " failed: errno " + result);
  }

  /** The words {@link ProcessBuilder#start()} uses for the same failure. */
  private static IOException cannotRun(String program, int errno) {
    String reason =
        switch (errno) {
          case 2 -> "No such file or directory";
          case 13 -> "Permission denied";
          case 8 -> "Exec format error";
          case 7 -> "Argument list too long";
          case 12 -> "Cannot allocate memory";
          default -> "errno " + errno;
        };
    return new IOException(
        "Cannot run program \"" + program + "\"",
        new IOException("error=" + errno + ", " + reason));
  }

  /** A program started here: a {@link Process} like the JDK's own. */
  private static final class Spawned extends Process {
    private final int pid;
    private final OutputStream stdin;
    private final InputStream stdout;
    private final InputStream stderr;
    private final ProcessHandle handle;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    /** Set, under this object's lock, once the program exited and before it is reaped. */
    private boolean exited;

    Spawned(int pid, OutputStream stdin, InputStream stdout, InputStream stderr) {
      this.pid = pid;
      this.stdin = stdin;
      this.stdout = stdout;
      this.stderr = stderr;
      this.handle = ProcessHandle.of(pid).orElseThrow();
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
        var _ = (int) KILL.invokeExact(pid, signal);
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
      return handle;
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
