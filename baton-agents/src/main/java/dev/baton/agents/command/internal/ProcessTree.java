package dev.baton.agents.command.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Stops a process and everything it started: SIGTERM to the whole tree, then SIGKILL to whatever is
 * still alive after a grace period (docs/architecture.md#failure-handling).
 *
 * <p>The descendants are collected <em>before</em> the first signal: once a parent dies its
 * children are re-parented and can no longer be found from it. The grace period is real time, not a
 * {@code Clock}: it is how long the operating system's processes get to clean up.
 */
public final class ProcessTree {
  private ProcessTree() {}

  /**
   * Signals the tree now and returns a future completed once every member is gone. Never blocks.
   */
  public static CompletableFuture<Void> stop(ProcessHandle root, Duration grace) {
    Set<ProcessHandle> tree = collect(List.of(root));
    tree.forEach(ProcessHandle::destroy);
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("baton-stop-" + root.pid())
        .start(() -> {
          if (!awaitExit(tree, grace)) {
            Set<ProcessHandle> survivors =
                collect(tree.stream().filter(ProcessTree::isRunning).toList());
            survivors.forEach(ProcessHandle::destroyForcibly);
            awaitExit(survivors, Duration.ofSeconds(5));
          }
          done.complete(null);
        });
    return done;
  }

  private static Set<ProcessHandle> collect(List<ProcessHandle> roots) {
    Set<ProcessHandle> all = new LinkedHashSet<>();
    for (ProcessHandle root : roots) {
      all.add(root);
      root.descendants().forEach(all::add);
    }
    return all;
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
