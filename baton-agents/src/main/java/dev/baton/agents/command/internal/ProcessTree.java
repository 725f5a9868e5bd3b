package dev.baton.agents.command.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Stops a process and everything it started ({@link ProcessGroup}): SIGTERM to every member, then
 * SIGKILL to whatever is still alive after a grace period (docs/architecture.md#failure-handling).
 *
 * <p>The members are collected <em>before</em> the first signal: once a parent dies its children
 * are re-parented and can no longer be found as its descendants (its session and tag still find
 * them on Linux). The grace period is real time, not a {@code Clock}: it is how long the operating
 * system's processes get to clean up.
 */
public final class ProcessTree {
  private ProcessTree() {}

  /** How many times the members are looked for again once those signalled are gone. */
  private static final int LOOKS = 4;

  /**
   * Signals every member of {@code group} now and completes {@code done} once every member is gone:
   * members that outlive the grace period, and any they started meanwhile, get SIGKILL. Never
   * blocks.
   */
  static void stop(ProcessGroup group, Duration grace, CompletableFuture<Void> done) {
    Set<ProcessHandle> members = group.members();
    if (members.isEmpty()) {
      done.complete(null);
      return;
    }
    members.forEach(ProcessHandle::destroy);
    Thread.ofVirtual()
        .name("baton-stop-" + group.process().pid())
        .start(() -> {
          Set<ProcessHandle> signalled = members;
          for (int look = 1; ; look++) {
            if (!awaitExit(signalled, grace)) {
              Set<ProcessHandle> survivors = new LinkedHashSet<>(group.members());
              signalled.stream().filter(ProcessTree::isRunning).forEach(survivors::add);
              survivors.forEach(ProcessHandle::destroyForcibly);
              awaitExit(survivors, Duration.ofSeconds(5));
              break;
            }
            // a child forked while the look at /proc was made and the signal was on its way
            // outlives its parent: one more look finds it
            Set<ProcessHandle> late = group.members();
            if (late.isEmpty() || look == LOOKS) break;
            late.forEach(ProcessHandle::destroy);
            signalled = late;
          }
          done.complete(null);
        });
  }

  /**
   * Polls rather than using {@link ProcessHandle#onExit()}: for processes that are not our children
   * the JDK polls too, but from 300 ms upwards, which would make every stop take seconds.
   */
  private static boolean awaitExit(Set<ProcessHandle> handles, Duration max) {
    long deadline = System.nanoTime() + max.toNanos();
    long pause = 5;
    try {
      while (handles.stream().anyMatch(ProcessTree::isRunning)) {
        if (System.nanoTime() - deadline >= 0) return false;
        Thread.sleep(pause);
        pause = Math.min(pause * 2, 100);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Alive and not a zombie. A killed grandchild is re-parented to process 1, which in a container
   * may reap it late or never; until then the JDK reports it alive, though it has exited and holds
   * nothing.
   */
  public static boolean isRunning(ProcessHandle handle) {
    return handle.isAlive() && !isZombie(handle.pid());
  }

  private static boolean isZombie(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int end = stat.lastIndexOf(')');
      return end > 0 && end + 2 < stat.length() && stat.charAt(end + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return false; // no /proc (not Linux) or the process is gone: isAlive() decides
    }
  }
}
