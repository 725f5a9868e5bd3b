package dev.baton.internal.engine;

import dev.baton.journal.Event;
import dev.baton.journal.LeaseOwner;
import dev.baton.resource.Claim;
import dev.baton.resource.Decision;
import dev.baton.resource.Holding;
import dev.baton.resource.Need;
import dev.baton.resource.ResourceArbiter;
import dev.baton.run.StepState;
import dev.baton.run.StepStatus;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Phase;
import dev.baton.workflow.Priority;
import dev.baton.workflow.ResourceClaim;
import dev.baton.workflow.StepSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resources and agent slots of the steps this process runs (docs/conflicts.md), claimed through
 * the store's {@link ResourceArbiter} so that the rules hold across every process on the store.
 *
 * <p>A step claims its agent's slot and its resources at once. A claim that must wait stays in the
 * arbiter's queue and costs no thread: one named thread ({@code baton-resources}) asks again for
 * all of this process's waiting claims when a release here signals it, and every {@code
 * commandPoll} for releases made by other processes (SQLite has no cross-process notification;
 * PostgreSQL could use {@code LISTEN/NOTIFY} later, it polls likewise for now). The same thread
 * renews this process's claims with its leases and stops the steps the arbiter asked to yield to a
 * critical run (preemption).
 */
final class Resources implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Resources.class);

  private record Waiter(
      RunActor run, String step, Claim claim, BooleanSupplier wanted, Runnable onGrant, long seq) {}

  private record Held(RunActor run, String step, List<Need> needs) {}

  private final ResourceArbiter arbiter;
  private final String owner;
  private final Clock clock;
  private final Duration leaseTtl;
  private final Duration poll;
  private final ConcurrentHashMap<String, Waiter> waiting = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();
  private final AtomicLong seq = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private boolean signalled; // guarded by lock
  private volatile boolean idle;
  private volatile boolean closed;
  private final Thread thread;
  private Instant renewed = Instant.EPOCH;
  private long lastYieldCheck = System.nanoTime();

  /**
   * @param leaseTtl how long a claim lasts unless renewed (the runs' lease time)
   * @param poll how often waiting claims are tried again when no signal wakes them
   */
  Resources(
      ResourceArbiter arbiter, LeaseOwner owner, Clock clock, Duration leaseTtl, Duration poll) {
    this.arbiter = arbiter;
    this.owner = owner.toString();
    this.clock = clock;
    this.leaseTtl = leaseTtl;
    this.poll = poll;
    this.thread = Thread.ofVirtual().name("baton-resources").unstarted(this::loop);
    thread.start();
  }

  static String holder(String run, String step) {
    return Ids.step(run, step);
  }

  ResourceArbiter arbiter() {
    return arbiter;
  }

  // ---- steps ----------------------------------------------------------------------------------

  /**
   * Claims what the step's next attempt needs: its agent's slot and its resources. True when
   * granted now; otherwise the step is journaled as queued (and waiting for its resources), and
   * {@code onGrant} runs on the run's thread once the claim is granted.
   */
  boolean claimStep(
      RunActor run, Phase phase, StepState st, StepSpec spec, String agent, Runnable onGrant) {
    List<Need> needs = needs(run, spec, agent);
    String step = st.id();
    BooleanSupplier wanted =
        () ->
            run.state.step(step).map(s -> s.status() == StepStatus.QUEUED).orElse(false)
                && run.state.phaseActive()
                && !run.state.status().finished()
                && run.waitingForSlot.contains(step);
    Decision d =
        acquire(
            run,
            step,
            run.priority(),
            run.priority() == Priority.CRITICAL,
            needs,
            wanted,
            () -> {
              acquired(run, step, needs);
              onGrant.run();
            });
    if (d instanceof Decision.Waiting w) {
      run.waitingForSlot.add(step);
      run.emit(new Event.StepQueued(phase.name(), step, agent, reason(w, needs)));
      for (Need n : needs) {
        if (!n.isAgentSlot() && w.blockedOn().contains(n.name())) {
          run.emit(
              new Event.ResourceWaiting(
                  step, n.label(), "held by or queued for " + String.join(", ", w.holders())));
        }
      }
      return false;
    }
    acquired(run, step, needs);
    return true;
  }

  /**
   * A step that was running when the run's previous process stopped takes its claim again. False
   * when someone else took its slot or resources meanwhile: the step is then journaled as preempted
   * and queued again, and runs later.
   */
  boolean recover(RunActor run, StepState st) {
    List<Need> needs = needs(run, Progress.spec(run, st), st.agent());
    if (needs.isEmpty()) return true;
    Claim claim = claim(run, st.id(), run.priority(), false, needs);
    Instant now = run.now();
    if (arbiter.tryAcquire(claim, now, now.plus(leaseTtl)).granted()) {
      held.put(claim.holder(), new Held(run, st.id(), needs));
      if (idle) signal();
      return true;
    }
    arbiter.release(claim.holder(), owner);
    run.emit(
        new Event.StepPreempted(
            st.phase(),
            st.id(),
            st.agent(),
            st.attempt(),
            "its agent slot or resources were taken while no process executed the run"));
    return false;
  }

  /**
   * The step's attempt ended (or its claim is no longer wanted): frees what it held or waited for.
   * On the run's own thread the store's release waits for the run's next claim, so that a step's
   * end and the next step's start are one write ({@link ResourceArbiter#tryAcquire(Claim, Instant,
   * Instant, java.util.Collection)}), or for the end of the run's decisions ({@link
   * #releaseDeferred}), whichever comes first.
   */
  void release(RunActor run, String step) {
    String holder = holder(run.id, step);
    waiting.remove(holder);
    Held h = held.remove(holder);
    if (run.onItsThread()) {
      run.releasing.add(holder);
    } else {
      try {
        arbiter.release(holder, owner);
      } catch (RuntimeException e) {
        log.warn(
            "run {}: could not release the claim of step {}: {}", run.id, step, e.getMessage());
      }
      signal();
    }
    if (h != null) {
      for (Need n : h.needs())
        if (!n.isAgentSlot()) run.emit(new Event.ResourceReleased(step, n.label()));
    }
  }

  /** Releases in the store what {@link #release} left for later: the run's decisions are done. */
  void releaseDeferred(RunActor run) {
    List<String> holders = deferred(run);
    if (holders.isEmpty()) return;
    try {
      arbiter.releaseAll(holders, owner);
    } catch (RuntimeException e) {
      log.warn("run {}: could not release the claims of {}: {}", run.id, holders, e.getMessage());
    }
    signal();
  }

  private static List<String> deferred(RunActor run) {
    if (run.releasing.isEmpty()) return List.of();
    List<String> holders = new ArrayList<>(2);
    for (String h; (h = run.releasing.poll()) != null; ) holders.add(h);
    return holders;
  }

  /** A queued step was cancelled: drops its place in the queue. */
  void forget(RunActor run, String step) {
    release(run, step);
  }

  /**
   * The run stops executing here (abandoned after a failed write, or the engine closes): drops
   * every claim it waits for or holds, those of steps still running included. Its attempts are
   * being stopped and their outcomes are no longer recorded, so nothing else would release their
   * slots and resources: other runs would wait for them for ever.
   */
  void forgetRun(RunActor run) {
    releaseDeferred(run);
    for (Waiter w : List.copyOf(waiting.values())) if (w.run() == run) drop(w.claim().holder());
    for (var e : List.copyOf(held.entrySet())) {
      if (e.getValue().run() == run) {
        held.remove(e.getKey());
        drop(e.getKey());
      }
    }
    signal();
  }

  // ---- any claim (steps, support tasks) -------------------------------------------------------

  /**
   * Claims {@code needs} for {@code step} of {@code run}. When it must wait, {@code onGrant} runs
   * on the run's thread once granted, if {@code wanted} still holds then (else the claim is
   * released).
   */
  Decision acquire(
      RunActor run,
      String step,
      Priority priority,
      boolean mayPreempt,
      List<Need> needs,
      BooleanSupplier wanted,
      Runnable onGrant) {
    if (needs.isEmpty()) return new Decision.Granted();
    Claim claim = claim(run, step, priority, mayPreempt, needs);
    Instant now = run.now();
    // the claims of the run's attempts that just ended go in the same write (see release)
    List<String> releasing = run.onItsThread() ? deferred(run) : List.of();
    Decision d;
    try {
      d = arbiter.tryAcquire(claim, now, now.plus(leaseTtl), releasing);
    } catch (RuntimeException e) {
      // released with the run's next write, or when it is forgotten
      run.releasing.addAll(releasing);
      throw e;
    }
    if (!releasing.isEmpty()) signal();
    if (d.granted()) {
      held.put(claim.holder(), new Held(run, step, needs));
      if (idle) signal(); // from now on the thread watches for requests to yield
    } else {
      waiting.put(
          claim.holder(), new Waiter(run, step, claim, wanted, onGrant, seq.incrementAndGet()));
      // the thread sleeps without a timeout while nothing waits, and a critical claim may have a
      // victim here
      if (idle || (d instanceof Decision.Waiting w && w.preempting().isPresent())) signal();
    }
    return d;
  }

  /** Steps of this process on {@code agent} (the load used for routing). */
  int localLoad(String agent) {
    String name = Need.AGENT + agent;
    return (int)
        held.values().stream()
            .filter(h -> h.needs().stream().anyMatch(n -> n.name().equals(name)))
            .count();
  }

  /** Steps holding a slot of {@code agent}, across every process on the store. */
  int running(String agent) {
    return (int) holdings(agent).stream().filter(Holding::granted).count();
  }

  /** Steps queued for a slot of {@code agent}, across every process on the store. */
  int queued(String agent) {
    return (int) holdings(agent).stream().filter(h -> !h.granted()).count();
  }

  private List<Holding> holdings(String agent) {
    String name = Need.AGENT + agent;
    try {
      return arbiter.holdings(name);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  static List<Need> needs(RunActor run, StepSpec spec, String agent) {
    List<Need> needs = new ArrayList<>();
    boolean person =
        agent != null
            && run.agent(agent).map(a -> a.kind() instanceof AgentSpec.Human).orElse(false);
    if (agent != null && !AgentSpec.META.equals(agent) && !person) {
      needs.add(Need.agentSlot(agent, run.agent(agent).map(AgentSpec::capacity).orElse(1)));
    }
    for (ResourceClaim r : spec.resources())
      needs.add(r.shared() ? Need.shared(r.name()) : Need.exclusive(r.name()));
    return needs;
  }

  private Claim claim(
      RunActor run, String step, Priority priority, boolean mayPreempt, List<Need> needs) {
    return new Claim(holder(run.id, step), run.id, step, owner, priority, mayPreempt, needs);
  }

  private void acquired(RunActor run, String step, List<Need> needs) {
    for (Need n : needs)
      if (!n.isAgentSlot()) run.emit(new Event.ResourceAcquired(step, n.label()));
  }

  private static String reason(Decision.Waiting w, List<Need> needs) {
    List<String> parts = new ArrayList<>();
    for (Need n : needs) {
      if (!w.blockedOn().contains(n.name())) continue;
      parts.add(
          n.isAgentSlot()
              ? "agent '" + n.label() + "' is busy (capacity " + n.capacity() + ")"
              : "resource " + n.label() + " is in use");
    }
    String text = String.join("; ", parts);
    return w.preempting().map(p -> text + "; asked " + p + " to yield").orElse(text);
  }

  // ---- the waiting thread -----------------------------------------------------------------------

  /** Something was released here: ask again for the waiting claims now. */
  void signal() {
    lock.lock();
    try {
      signalled = true;
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  private void loop() {
    long every = Math.max(20, poll.toMillis());
    while (!closed) {
      lock.lock();
      try {
        if (!signalled) {
          if (waiting.isEmpty() && held.isEmpty()) {
            idle = true;
            if (waiting.isEmpty() && held.isEmpty()) wake.await();
          } else {
            wake.await(every, TimeUnit.MILLISECONDS);
          }
        }
        signalled = false;
        idle = false;
      } catch (InterruptedException e) {
        return;
      } finally {
        lock.unlock();
      }
      if (closed) return;
      try {
        renew();
        retryWaiters();
        // requests to yield come from other processes' critical runs: look for them once per every,
        // not
        // at every release (a release here wakes this loop at every step's end)
        long now = System.nanoTime();
        if (now - lastYieldCheck >= TimeUnit.MILLISECONDS.toNanos(every)) {
          lastYieldCheck = now;
          yieldRequested();
        }
      } catch (RuntimeException e) {
        log.warn("resource arbiter: {}", e.getMessage(), e);
      }
    }
  }

  private void renew() {
    Instant now = clock.instant();
    Duration ttl = leaseTtl;
    if (held.isEmpty() && waiting.isEmpty()) return;
    if (Duration.between(renewed, now).compareTo(ttl.dividedBy(3)) < 0) return;
    arbiter.renew(owner, now.plus(ttl));
    renewed = now;
  }

  @SuppressWarnings("ReferenceEquality") // the waiter still registered is this very one
  private void retryWaiters() {
    List<Waiter> queue = new ArrayList<>(waiting.values());
    queue.sort(
        Comparator.comparing((Waiter w) -> w.claim().priority(), Comparator.reverseOrder())
            .thenComparingLong(Waiter::seq));
    for (Waiter w : queue) {
      if (waiting.get(w.claim().holder()) != w) continue;
      Instant now = clock.instant();
      if (!arbiter.tryAcquire(w.claim(), now, now.plus(leaseTtl)).granted()) continue;
      if (!waiting.remove(w.claim().holder(), w)) {
        drop(w.claim().holder());
        continue;
      }
      held.put(w.claim().holder(), new Held(w.run(), w.step(), w.claim().needs()));
      w.run()
          .send(() -> {
            if (held.get(w.claim().holder()) == null) return;
            if (!w.wanted().getAsBoolean()) {
              held.remove(w.claim().holder());
              drop(w.claim().holder());
              signal();
              return;
            }
            w.onGrant().run();
          });
    }
  }

  private void yieldRequested() {
    if (held.isEmpty()) return;
    for (String holder : arbiter.yieldRequests(owner)) {
      Held h = held.get(holder);
      if (h == null) continue;
      h.run()
          .send(() -> {
            InFlight f = h.run().inflight.get(h.step());
            if (f != null)
              f.stop(
                  InFlight.Stop.PREEMPT, "preempted: a critical run needs agent '" + f.agent + "'");
          });
    }
  }

  private void drop(String holder) {
    waiting.remove(holder);
    try {
      arbiter.release(holder, owner);
    } catch (RuntimeException e) {
      // the store fails (a full disk): the claim expires with this process's leases
      log.info("could not release claim {}: {}", holder, e.getMessage());
    }
  }

  /** The engine closes: its claims are released (its steps are being stopped). */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    for (String h : List.copyOf(waiting.keySet())) drop(h);
    for (String h : List.copyOf(held.keySet())) {
      held.remove(h);
      drop(h);
    }
  }
}
