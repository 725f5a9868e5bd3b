package dev.baton.agents.command.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process and everything it started: SIGTERM to the whole tree, then SIGKILL to whatever is
 * still alive after a grace period (SPEC §3.4).
 *
 * <p>The descendants are collected <em>before</em> the first signal: once a parent dies its children are
 * re-parented and can no longer be found from it. The grace period is real time, not a {@code Clock}:
 * it is how long the operating system's processes get to clean up.
 */
public final class ProcessTree {
  private ProcessTree() {}

  /** Signals the tree now and returns a future completed once every member is gone. Never blocks. */
  public static CompletableFuture<Void> stop(ProcessHandle root, Duration grace) {
    Set<ProcessHandle> tree = collect(List.of(root));
    tree.forEach(ProcessHandle::destroy);
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofVirtual()
        .name("baton-stop-" + root.pid())
        .start(
            () -> {
              if (!awaitExit(tree, grace)) {
                Set<ProcessHandle> survivors = collect(tree.stream().filter(ProcessHandle::isAlive).toList());
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

  private static boolean awaitExit(Set<ProcessHandle> handles, Duration max) {
    List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
    for (ProcessHandle h : handles) exits.add(h.onExit());
    try {
      CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new)).get(max.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return handles.stream().noneMatch(ProcessHandle::isAlive);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
