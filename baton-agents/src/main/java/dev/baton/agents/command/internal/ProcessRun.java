package dev.baton.agents.command.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A started program with its output being read line by line on virtual threads, its standard input
 * fed and closed, and a way to stop its whole process tree. The program runs in a {@link
 * ProcessGroup} of its own: when it ends, whatever it left running (background children, detached
 * daemons) is stopped too, TERM then KILL after the grace period.
 */
public final class ProcessRun {
  /**
   * How long to wait for the output pipes to close once the program exited. A background child that
   * inherited them may keep them open forever; what it prints after that is not the attempt's
   * output.
   */
  static final Duration DRAIN = Duration.ofSeconds(1);

  private final ProcessGroup group;
  private final Process process;
  private final Duration grace;
  private final CompletableFuture<Void> stdoutReader;
  private final CompletableFuture<Void> stderrReader;
  private final AtomicReference<String> stopReason = new AtomicReference<>();
  private final AtomicBoolean swept = new AtomicBoolean();
  private volatile CompletableFuture<Void> stopped = CompletableFuture.completedFuture(null);

  /**
   * Threads for pipes whose reads and writes block the thread that carries them ({@link
   * ProcessGroup#pipesBlock()}): platform threads, kept for the next program, so that programs that
   * stay silent never take the carriers every virtual thread of the engine needs. Their stacks are
   * the JVM's default size: a protocol line is parsed on them, and JSON may nest deep.
   */
  private static final ExecutorService BLOCKING_PIPES =
      Executors.newCachedThreadPool(Thread.ofPlatform().name("baton-pipe-", 0).daemon().factory());

  private ProcessRun(
      ProcessGroup group,
      Duration grace,
      CompletableFuture<Void> stdoutReader,
      CompletableFuture<Void> stderrReader) {
    this.group = group;
    this.process = group.process();
    this.grace = grace;
    this.stdoutReader = stdoutReader;
    this.stderrReader = stderrReader;
  }

  /**
   * Starts {@code builder}'s program. {@code stderr} may be null when the builder merges the error
   * stream into standard output. {@code stdin} is written then closed; a program that does not read
   * it (a broken pipe) is fine.
   */
  public static ProcessRun start(
      ProcessBuilder builder,
      byte[] stdin,
      Consumer<String> stdout,
      Consumer<String> stderr,
      Duration grace)
      throws IOException {
    ProcessGroup group = ProcessGroup.start(builder);
    Process process = group.process();
    long pid = process.pid();
    boolean blocking = group.pipesBlock();
    ProcessRun run;
    try {
      var out =
          reader(pipeThread(blocking, "baton-stdout-" + pid), process.getInputStream(), stdout);
      var err =
          stderr == null
              ? null
              : reader(
                  pipeThread(blocking, "baton-stderr-" + pid), process.getErrorStream(), stderr);
      run = new ProcessRun(group, grace, out, err);
      pipeThread(blocking, "baton-stdin-" + pid)
          .execute(() -> feed(process.getOutputStream(), stdin));
    } catch (RuntimeException | Error e) {
      // no thread for its pipes (the system's thread limit): the program must not run unwatched
      process.destroyForcibly();
      closeQuietly(process.getOutputStream());
      closeQuietly(process.getInputStream());
      closeQuietly(process.getErrorStream());
      ProcessTree.stop(group, grace, new CompletableFuture<>());
      throw new IOException("cannot read the output of program " + builder.command().getFirst(), e);
    }
    return run;
  }

  public long pid() {
    return process.pid();
  }

  /** Stops the process tree (TERM, then KILL after the grace period); the first reason wins. */
  public void stop(String reason) {
    if (!stopReason.compareAndSet(null, reason)) return;
    swept.set(true);
    stopGroup();
  }

  /** Why the run was stopped, when {@link #stop} was called. */
  public Optional<String> stopReason() {
    return Optional.ofNullable(stopReason.get());
  }

  /**
   * Waits for the program to exit and its output to be read; its exit code. What it left running is
   * stopped, and this waits (at most the grace period and a little) for it to go.
   */
  public int await() throws InterruptedException {
    int code = process.waitFor();
    sweep();
    drain();
    return code;
  }

  /** Like {@link #await()} but stops the tree with {@code reason} after {@code timeout}. */
  public int await(Duration timeout, String reason) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) stop(reason);
    return await();
  }

  /** Stops the tree if it still runs; for error paths. */
  public void ensureStopped() {
    if (process.isAlive()) stop("attempt ended");
    else sweep();
  }

  /** Once the program exited: stops what it left behind (without making the run a stopped one). */
  private void sweep() {
    if (swept.compareAndSet(false, true)) stopGroup();
  }

  /**
   * The future {@link #drain} waits for is in place before the first signal: the program dies of
   * that signal, and the thread in {@link #await} must then wait for the rest of the group.
   */
  private void stopGroup() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    stopped = done;
    ProcessTree.stop(group, grace, done);
  }

  private void drain() throws InterruptedException {
    long deadline = System.nanoTime() + DRAIN.toNanos();
    join(stdoutReader, deadline);
    if (stderrReader != null) join(stderrReader, deadline);
    try {
      stopped.get(grace.toMillis() + DRAIN.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // The KILL went out; a process that survives SIGKILL is beyond our reach.
    }
  }

  private static void join(CompletableFuture<Void> reader, long deadline)
      throws InterruptedException {
    try {
      reader.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // still open (a background child holds the pipe): what comes later is not the attempt's
    }
  }

  /** A virtual thread of its own, or a platform one of {@link #BLOCKING_PIPES}. */
  private static Executor pipeThread(boolean blocking, String name) {
    if (!blocking) return task -> Thread.ofVirtual().name(name).start(task);
    return task ->
        BLOCKING_PIPES.execute(() -> {
          Thread self = Thread.currentThread();
          self.setName(name);
          try {
            task.run();
          } finally {
            self.setName("baton-pipe-idle");
          }
        });
  }

  private static CompletableFuture<Void> reader(
      Executor thread, InputStream in, Consumer<String> sink) {
    return CompletableFuture.runAsync(
        () -> {
          try {
            Lines.forEach(
                in,
                Lines.MAX_LINE,
                line -> {
                  try {
                    sink.accept(line);
                  } catch (RuntimeException | StackOverflowError e) {
                    // one line its reader could not take: the rest is still read, so the
                    // program never blocks on a full pipe nor dies of a closed one
                  }
                });
          } catch (IOException | UncheckedIOException e) {
            // The pipe was closed under us (the process was killed): nothing more to read.
          }
        },
        thread);
  }

  private static void closeQuietly(java.io.Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // closing after a failure: nothing more to do
    }
  }

  private static void feed(OutputStream stdin, byte[] bytes) {
    try (stdin) {
      stdin.write(bytes);
      stdin.flush();
    } catch (IOException e) {
      // The program exited or closed its input without reading it all: that is its right.
    }
  }
}
