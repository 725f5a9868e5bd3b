package dev.baton.internal.engine;

import dev.baton.workflow.Priority;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Agent capacity shared by every run of this engine: each agent serves {@code capacity} steps at a
 * time; waiters are served by run priority, then first come first served (SPEC §3.9). A waiter is
 * not a thread: it is a callback run when a slot is granted to it.
 */
final class AgentPool {
  /** Someone waiting for a slot; {@code grant} runs with the slot already taken. */
  record Waiter(String run, String step, Priority priority, long order, Runnable grant) {}

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Integer> inUse = new HashMap<>();
  private final Map<String, PriorityQueue<Waiter>> waiting = new HashMap<>();
  private final AtomicLong order = new AtomicLong();

  /** Takes a slot now, or queues {@code grant} for later and returns false. */
  boolean acquireOrWait(String agent, int capacity, String run, String step, Priority priority, Runnable grant) {
    lock.lock();
    try {
      int used = inUse.getOrDefault(agent, 0);
      PriorityQueue<Waiter> q = waiting.get(agent);
      if (used < capacity && (q == null || q.isEmpty())) {
        inUse.put(agent, used + 1);
        return true;
      }
      waiting
          .computeIfAbsent(agent, a -> new PriorityQueue<>((x, y) -> x.priority() != y.priority()
              ? y.priority().compareTo(x.priority()) : Long.compare(x.order(), y.order())))
          .add(new Waiter(run, step, priority, order.incrementAndGet(), grant));
      return false;
    } finally {
      lock.unlock();
    }
  }

  /** Takes a slot whatever the capacity: an attempt that was already running before a restart. */
  void take(String agent) {
    lock.lock();
    try {
      inUse.merge(agent, 1, Integer::sum);
    } finally {
      lock.unlock();
    }
  }

  /** Frees a slot and hands it to the next waiter, if any. */
  void release(String agent, int capacity) {
    Runnable next = null;
    lock.lock();
    try {
      int used = Math.max(0, inUse.getOrDefault(agent, 0) - 1);
      PriorityQueue<Waiter> q = waiting.get(agent);
      if (q != null && !q.isEmpty() && used < capacity) {
        next = q.poll().grant();
        used++;
      }
      inUse.put(agent, used);
    } finally {
      lock.unlock();
    }
    if (next != null) next.run();
  }

  /** Drops a waiter that no longer wants its slot (its step was cancelled). */
  void forget(String agent, String run, String step) {
    lock.lock();
    try {
      PriorityQueue<Waiter> q = waiting.get(agent);
      if (q != null) q.removeIf(w -> w.run().equals(run) && w.step().equals(step));
    } finally {
      lock.unlock();
    }
  }

  int running(String agent) {
    lock.lock();
    try {
      return inUse.getOrDefault(agent, 0);
    } finally {
      lock.unlock();
    }
  }

  int queued(String agent) {
    lock.lock();
    try {
      PriorityQueue<Waiter> q = waiting.get(agent);
      return q == null ? 0 : q.size();
    } finally {
      lock.unlock();
    }
  }
}
