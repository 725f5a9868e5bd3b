package dev.baton.bench;

import com.sun.net.httpserver.HttpServer;
import dev.baton.Baton;
import dev.baton.RunHandle;
import dev.baton.agents.http.HttpAgent;
import dev.baton.run.RunStatus;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Workflow;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

/**
 * W3 and recovery: many runs of W1 in flight at once, each attempt waiting for an external signal.
 * Heap per in-flight run is measured once every run has its first phase's three attempts waiting;
 * drain time is from the first signal to the last run's end. Recovery leaves the same runs
 * unfinished in the store, closes Baton, and times a new one's {@code resumeAll} until every
 * waiting attempt has been started again.
 */
final class Waiting {
  /**
   * W3's figures. {@code agentThreadsKibPerRun}: the part of {@code kibPerRun} that the waiting
   * agents' own parked virtual threads hold (their stacks), which the engine does not control.
   */
  record InFlight(
      int runs,
      double startSeconds,
      double kibPerRun,
      double agentThreadsKibPerRun,
      double drainSeconds) {}

  /** The classes of a parked virtual thread: the thread, its continuation and its stack. */
  private static final java.util.Set<String> VIRTUAL_THREADS =
      java.util.Set.of(
          "jdk.internal.vm.StackChunk",
          "java.lang.VirtualThread",
          "java.lang.VirtualThread$VThreadContinuation",
          "java.lang.VirtualThread$VThreadContinuation$1");

  /**
   * Recovery's figures: until {@code resumeAll} returned, and until every attempt was started
   * again.
   */
  record Recovered(
      int runs, double resumeAllSeconds, double pickedUpSeconds, double drainSeconds) {}

  private static final int FIRST_PHASE = 3;

  private Waiting() {}

  /**
   * {@code async}: the waiting agent is an {@link dev.baton.agent.AsyncAgent}, which holds no
   * thread while it waits; otherwise each waiting attempt parks a virtual thread.
   */
  static InFlight inFlight(int runs, Path dir, boolean async) throws InterruptedException {
    Workflow wf = Workflows.inProcess(Shape.W1);
    Gates gates = new Gates();
    try (JournalStore store = Stores.sqlite(dir.resolve("w3.db"), Clock.systemUTC());
        Baton baton =
            Baton.builder()
                .store(store)
                .stateDir(dir.resolve("state"))
                .agent(Workflows.AGENT, async ? gates.asyncAgent : gates.agent)
                .workflow(wf)
                .build()) {
      Started s =
          startWaiting(
              baton,
              wf,
              runs,
              () -> gates.awaitArrivals(runs * FIRST_PHASE),
              runs + " W1 runs waiting" + (async ? " on an asynchronous agent" : ""));
      long t1 = System.nanoTime();
      drain(gates, s.handles());
      double drain = (System.nanoTime() - t1) / 1e9;
      return s.figures(drain);
    }
  }

  /** Runs started, with what they hold once every first-phase attempt waits. */
  private record Started(
      List<RunHandle> handles, int runs, double seconds, long heapBytes, long threadBytes) {
    InFlight figures(double drainSeconds) {
      return new InFlight(
          runs, seconds, heapBytes / 1024.0 / runs, threadBytes / 1024.0 / runs, drainSeconds);
    }
  }

  private interface Arrivals {
    void await() throws InterruptedException;
  }

  /**
   * Starts {@code runs} runs and waits for {@code arrivals}: heap after full collections, and the
   * part of it in virtual threads, against the same before (the class histogram under {@code
   * title}).
   */
  private static Started startWaiting(
      Baton baton, Workflow wf, int runs, Arrivals arrivals, String title)
      throws InterruptedException {
    long before = Memory.usedAfterGc();
    long threadsBefore = Memory.liveBytes(VIRTUAL_THREADS);
    long t0 = System.nanoTime();
    List<RunHandle> handles = startAll(baton, wf, runs);
    arrivals.await();
    double seconds = (System.nanoTime() - t0) / 1e9;
    long after = Memory.usedAfterGc();
    long threads = Memory.liveBytes(VIRTUAL_THREADS) - threadsBefore;
    Memory.histogram(title);
    return new Started(handles, runs, seconds, after - before, threads);
  }

  /**
   * W3 remote: the waiting agent is an {@code http} agent whose job is still running: a loopback
   * server answers every POST {@code 202 Accepted} with a job to poll, and the agent waits {@code
   * POLL} before its first poll. Heap per in-flight run is measured once every run has its first
   * phase's three attempts told 202; the runs are then stopped with Baton, unfinished.
   */
  static InFlight remote(int runs, Path dir) throws IOException, InterruptedException {
    int attempts = runs * FIRST_PHASE;
    java.util.concurrent.CountDownLatch accepted =
        new java.util.concurrent.CountDownLatch(attempts);
    // a backlog for every attempt's connection at once: the default (50) refuses some of a burst,
    // and a refused request is retried only after the agent's first pause, which here is the
    // ten-minute poll
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), runs * FIRST_PHASE);
    try (ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor()) {
      server.setExecutor(handlers);
      server.createContext(
          "/",
          ex -> {
            try (ex) {
              ex.getRequestBody().readAllBytes();
              // no connection kept for later: the pool's sockets are not the waiting runs' cost
              ex.getResponseHeaders().add("Connection", "close");
              ex.getResponseHeaders().add("Location", "/jobs/" + accepted.getCount());
              ex.sendResponseHeaders(202, -1);
            }
            accepted.countDown();
          });
      server.start();
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/agent";
      HttpAgent agent =
          HttpAgent.of(new AgentSpec.Http(url, Optional.empty(), "json", Optional.empty()))
              .delay(POLL.toMillis());
      Workflow wf = Workflows.inProcess(Shape.W1);
      try (JournalStore store = Stores.sqlite(dir.resolve("w3.db"), Clock.systemUTC());
          Baton baton =
              Baton.builder()
                  .store(store)
                  .stateDir(dir.resolve("state"))
                  .agent(Workflows.AGENT, agent)
                  .workflow(wf)
                  .build()) {
        return startWaiting(
                baton, wf, runs, accepted::await, runs + " W1 runs waiting on a remote job")
            .figures(0);
      }
    } finally {
      server.stop(0);
    }
  }

  /** How long a remote attempt of W3 remote waits before it first polls its job. */
  static final java.time.Duration POLL = java.time.Duration.ofMinutes(10);

  static Recovered recovery(int runs, Path dir) throws InterruptedException {
    Workflow wf = Workflows.inProcess(Shape.W1);
    Path file = dir.resolve("recovery.db");
    Gates first = new Gates();
    try (JournalStore store = Stores.sqlite(file, Clock.systemUTC());
        Baton baton =
            Baton.builder()
                .store(store)
                .stateDir(dir.resolve("state"))
                .agent(Workflows.AGENT, first.agent)
                .workflow(wf)
                .build()) {
      startAll(baton, wf, runs);
      first.awaitArrivals(runs * FIRST_PHASE);
    }
    Gates second = new Gates();
    try (JournalStore store = Stores.sqlite(file, Clock.systemUTC());
        Baton baton =
            Baton.builder()
                .store(store)
                .stateDir(dir.resolve("state"))
                .agent(Workflows.AGENT, second.agent)
                .workflow(wf)
                .build()) {
      long t0 = System.nanoTime();
      List<RunHandle> handles = baton.resumeAll();
      double returned = (System.nanoTime() - t0) / 1e9;
      second.awaitArrivals(runs * FIRST_PHASE);
      double picked = (System.nanoTime() - t0) / 1e9;
      if (handles.size() != runs)
        throw new IllegalStateException("resumed " + handles.size() + " runs of " + runs);
      long t1 = System.nanoTime();
      drain(second, handles);
      return new Recovered(runs, returned, picked, (System.nanoTime() - t1) / 1e9);
    }
  }

  /**
   * Starts {@code runs} runs from 32 clients at once, so that their first appends share commits.
   */
  private static List<RunHandle> startAll(Baton baton, Workflow wf, int runs) {
    ConcurrentLinkedQueue<RunHandle> handles = new ConcurrentLinkedQueue<>();
    try (ExecutorService clients =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("bench-client-", 0).factory())) {
      for (int c = 0; c < 32; c++) {
        int client = c;
        clients.execute(() ->
            IntStream.range(0, runs)
                .filter(i -> i % 32 == client)
                .forEach(i -> handles.add(baton.start(wf, Map.of()))));
      }
    }
    return List.copyOf(handles);
  }

  private static void drain(Gates gates, List<RunHandle> handles) throws InterruptedException {
    CompletableFuture<Void> all =
        CompletableFuture.allOf(
            handles.stream().map(RunHandle::completion).toArray(CompletableFuture[]::new));
    gates.openUntil(all);
    for (RunHandle h : handles) {
      RunStatus s = h.await().status();
      if (s != RunStatus.SUCCEEDED)
        throw new IllegalStateException("run " + h.id() + " ended " + s);
    }
  }
}
