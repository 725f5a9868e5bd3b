package dev.baton.internal.engine;

import static dev.baton.internal.engine.TestWorkflows.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.Baton;
import dev.baton.RunHandle;
import dev.baton.agent.Agent;
import dev.baton.agent.Attempt;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.agent.Status;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.RecordJournals;
import dev.baton.journal.TaskKind;
import dev.baton.resource.Claim;
import dev.baton.resource.Decision;
import dev.baton.resource.Holding;
import dev.baton.resource.ResourceArbiter;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.store.JournalStore;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.workflow.*;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Resources, priorities and preemption, knowledge gaps and support requests inside one process. */
@ExtendWith(RecordJournals.class)
class ConflictsTest {
  @TempDir Path dir;
  final InMemoryJournalStore store = new InMemoryJournalStore();

  Baton baton(Map<String, Agent> agents) {
    Baton.Builder b = Baton.builder().store(store).stateDir(dir).commandPoll(Duration.ofMillis(50));
    agents.forEach(b::agent);
    return b.build();
  }

  List<Event> events(String run) {
    return store.read(run, 0).stream().map(JournalEntry::event).toList();
  }

  static StepSpec withResources(StepSpec s, ResourceClaim... claims) {
    return new StepSpec(
        s.id(),
        s.agent(),
        s.requires(),
        s.task(),
        s.estimate(),
        s.timeout(),
        s.retries(),
        s.retryDelay(),
        s.when(),
        s.success(),
        s.rollback(),
        List.of(claims),
        s.assignsPrimary(),
        s.branchIsolation(),
        s.escalateWhen());
  }

  static StepSpec requiring(StepSpec s, String... caps) {
    return new StepSpec(
        s.id(),
        s.agent(),
        List.of(caps),
        s.task(),
        s.estimate(),
        s.timeout(),
        s.retries(),
        s.retryDelay(),
        s.when(),
        s.success(),
        s.rollback(),
        s.resources(),
        s.assignsPrimary(),
        s.branchIsolation(),
        s.escalateWhen());
  }

  static StepSpec routed(String id, String... caps) {
    StepSpec s = step(id, "x");
    return new StepSpec(
        id,
        new AgentRef.Routed(),
        List.of(caps),
        s.task(),
        s.estimate(),
        s.timeout(),
        s.retries(),
        s.retryDelay(),
        s.when(),
        s.success(),
        s.rollback(),
        s.resources(),
        false,
        false,
        List.of());
  }

  static Workflow withAgents(
      Workflow wf, List<AgentSpec> extra, List<AgentSpec> specialists, String priority) {
    Map<String, AgentSpec> agents = new LinkedHashMap<>(wf.agents());
    extra.forEach(a -> agents.put(a.name(), a));
    return new Workflow(
        wf.name(),
        "",
        Map.of(),
        wf.team(),
        agents,
        specialists,
        Expression.constant(priority),
        Optional.empty(),
        wf.constraints(),
        List.of(),
        wf.phases(),
        wf.sources());
  }

  static AgentSpec inProcess(String name, int capacity, String... caps) {
    return new AgentSpec(name, name, List.of(caps), List.of(), capacity, new AgentSpec.InProcess());
  }

  /** An agent that records when it works and holds on until told. */
  static final class Recorder implements Agent {
    final List<long[]> spans = new CopyOnWriteArrayList<>();
    final AtomicInteger inside = new AtomicInteger();
    final AtomicInteger maxInside = new AtomicInteger();

    @Override
    public Outcome perform(Handoff h, Attempt a) throws Exception {
      int now = inside.incrementAndGet();
      maxInside.accumulateAndGet(now, Math::max);
      long start = System.nanoTime();
      a.cancellation().await(30);
      inside.decrementAndGet();
      spans.add(new long[] {start, System.nanoTime()});
      return Outcome.succeeded(a.step());
    }
  }

  @Test
  void steps_of_two_runs_never_hold_an_exclusive_resource_at_once() {
    Recorder rec = new Recorder();
    Workflow wf =
        workflow(
            "res",
            List.of("a", "b"),
            phase(
                "one",
                Mode.PARALLEL,
                withResources(step("x", "a"), new ResourceClaim("db", false)),
                withResources(step("y", "b"), new ResourceClaim("db", false))));
    try (Baton baton = baton(Map.of("a", rec, "b", rec))) {
      RunHandle r1 = baton.start(wf, Map.of());
      RunHandle r2 = baton.start(wf, Map.of());
      assertThat(r1.await().status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(r2.await().status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(rec.maxInside.get()).isEqualTo(1);
      List<Event> all = new ArrayList<>(events(r1.id()));
      all.addAll(events(r2.id()));
      assertThat(all).filteredOn(e -> e instanceof Event.ResourceAcquired).hasSize(4);
      assertThat(all).filteredOn(e -> e instanceof Event.ResourceReleased).hasSize(4);
      assertThat(all).filteredOn(e -> e instanceof Event.ResourceWaiting).isNotEmpty();
    }
    assertThat(store.arbiter().orElseThrow().holdings()).isEmpty();
  }

  @Test
  void a_step_that_ends_frees_its_claim_in_the_next_steps_claim() {
    List<String> calls = new CopyOnWriteArrayList<>();
    ResourceArbiter recording = recording(store.arbiter().orElseThrow(), calls);
    JournalStore proxied =
        (JournalStore)
            Proxy.newProxyInstance(
                JournalStore.class.getClassLoader(),
                new Class<?>[] {JournalStore.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("arbiter")) return Optional.of(recording);
                  try {
                    return method.invoke(store, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    Workflow wf =
        workflow(
            "in-turn",
            List.of("a"),
            phase(
                "one",
                Mode.SEQUENTIAL,
                withResources(step("x", "a"), new ResourceClaim("db", false)),
                withResources(step("y", "a"), new ResourceClaim("db", false)),
                withResources(step("z", "a"), new ResourceClaim("db", false))));
    Agent ok = (h, a) -> Outcome.succeeded(a.step());
    try (Baton baton =
        Baton.builder().store(proxied).stateDir(dir).agent("a", ok).workflow(wf).build()) {
      RunHandle r = baton.start(wf, Map.of());
      assertThat(r.await().status()).isEqualTo(RunStatus.SUCCEEDED);
      String run = r.id();
      // one call between two steps: the release of the step that ended rides in the next claim
      assertThat(calls)
          .containsExactly(
              "claim " + run + "/x releasing []",
              "claim " + run + "/y releasing [" + run + "/x]",
              "claim " + run + "/z releasing [" + run + "/y]",
              "release [" + run + "/z]");
    }
    assertThat(store.arbiter().orElseThrow().holdings()).isEmpty();
  }

  /** {@code inner}, writing each claim and release it is asked for to {@code calls}. */
  static ResourceArbiter recording(ResourceArbiter inner, List<String> calls) {
    return new ResourceArbiter() {
      @Override
      public Decision tryAcquire(Claim claim, Instant now, Instant leaseUntil) {
        return tryAcquire(claim, now, leaseUntil, List.of());
      }

      @Override
      public Decision tryAcquire(
          Claim claim, Instant now, Instant leaseUntil, Collection<String> releasing) {
        calls.add("claim " + claim.holder() + " releasing " + releasing);
        return inner.tryAcquire(claim, now, leaseUntil, releasing);
      }

      @Override
      public void release(String holder) {
        calls.add("release [" + holder + "]");
        inner.release(holder);
      }

      @Override
      public void release(String holder, String owner) {
        calls.add("release [" + holder + "]");
        inner.release(holder, owner);
      }

      @Override
      public void releaseAll(Collection<String> holders, String owner) {
        calls.add("release " + holders);
        inner.releaseAll(holders, owner);
      }

      @Override
      public List<Holding> holdings() {
        return inner.holdings();
      }
    };
  }

  @Test
  void shared_holders_work_together_and_an_exclusive_one_waits_for_them() throws Exception {
    CountDownLatch both = new CountDownLatch(2);
    AtomicInteger inside = new AtomicInteger();
    List<String> order = new CopyOnWriteArrayList<>();
    Agent reader =
        (h, a) -> {
          inside.incrementAndGet();
          both.countDown();
          boolean together = both.await(10, TimeUnit.SECONDS);
          order.add(a.step());
          inside.decrementAndGet();
          return together
              ? Outcome.succeeded(null)
              : Outcome.failed("shared holders did not overlap");
        };
    Agent writer =
        (h, a) -> {
          order.add(a.step() + "@" + inside.get());
          return Outcome.succeeded(null);
        };
    Workflow wf =
        workflow(
            "shared",
            List.of("r1", "r2", "w"),
            phase(
                "one",
                Mode.PARALLEL,
                withResources(step("read-1", "r1"), new ResourceClaim("cache", true)),
                withResources(step("read-2", "r2"), new ResourceClaim("cache", true)),
                withResources(step("write", "w"), new ResourceClaim("cache", false))));
    try (Baton baton = baton(Map.of("r1", reader, "r2", reader, "w", writer))) {
      assertThat(baton.start(wf, Map.of()).await().status()).isEqualTo(RunStatus.SUCCEEDED);
    }
    assertThat(order).last().isEqualTo("write@0");
  }

  @Test
  void a_step_takes_its_agent_slot_and_its_resources_at_once_or_not_at_all() {
    Recorder rec = new Recorder();
    Workflow wf =
        workflow(
            "all",
            List.of("a", "b"),
            phase(
                "one",
                Mode.PARALLEL,
                withResources(
                    step("x", "a"),
                    new ResourceClaim("db", false),
                    new ResourceClaim("cache", false)),
                withResources(step("y", "b"), new ResourceClaim("cache", false)),
                withResources(step("z", "b"), new ResourceClaim("db", false))));
    try (Baton baton = baton(Map.of("a", rec, "b", rec))) {
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      // y and z share agent b (capacity 1) and x's resources: no step ever held one thing while
      // waiting for another
      assertThat(rec.maxInside.get()).isEqualTo(1);
    }
  }

  @Test
  void queued_steps_are_served_by_run_priority_then_age() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> served = new CopyOnWriteArrayList<>();
    Agent agent =
        (h, a) -> {
          if (a.step().equals("hold")) release.await(10, TimeUnit.SECONDS);
          else served.add(a.run());
          return Outcome.succeeded(null);
        };
    Workflow holder =
        workflow("holder", List.of("a"), phase("one", Mode.SEQUENTIAL, step("hold", "a")));
    Workflow low =
        withAgents(
            workflow("low", List.of("a"), phase("one", Mode.SEQUENTIAL, step("go", "a"))),
            List.of(),
            List.of(),
            "low");
    Workflow high =
        withAgents(
            workflow("high", List.of("a"), phase("one", Mode.SEQUENTIAL, step("go", "a"))),
            List.of(),
            List.of(),
            "high");
    try (Baton baton = baton(Map.of("a", agent))) {
      RunHandle h = baton.start(holder, Map.of());
      await().until(() -> events(h.id()).stream().anyMatch(e -> e instanceof Event.StepStarted));
      RunHandle l1 = baton.start(low, Map.of(), Optional.of("low-1"));
      await().until(() -> events(l1.id()).stream().anyMatch(e -> e instanceof Event.StepQueued));
      RunHandle l2 = baton.start(low, Map.of(), Optional.of("low-2"));
      await().until(() -> events(l2.id()).stream().anyMatch(e -> e instanceof Event.StepQueued));
      RunHandle hi = baton.start(high, Map.of(), Optional.of("high-1"));
      await().until(() -> events(hi.id()).stream().anyMatch(e -> e instanceof Event.StepQueued));
      release.countDown();
      for (RunHandle r : List.of(h, l1, l2, hi))
        assertThat(r.await().status()).isEqualTo(RunStatus.SUCCEEDED);
    }
    assertThat(served).containsExactly("high-1", "low-1", "low-2");
  }

  @Test
  void a_critical_run_preempts_a_normal_runs_step_which_runs_again_later() {
    List<String> log = new CopyOnWriteArrayList<>();
    Agent agent =
        (h, a) -> {
          log.add("start " + a.run() + " " + a.attempt());
          if (a.run().startsWith("normal") && a.attempt() == 1) {
            a.cancellation().await(30_000);
            log.add("stopped " + a.run());
            return Outcome.failed("stopped");
          }
          return Outcome.succeeded(null);
        };
    Workflow normal =
        workflow("normal", List.of("a"), phase("one", Mode.SEQUENTIAL, step("work", "a")));
    Workflow critical =
        withAgents(
            workflow("critical", List.of("a"), phase("one", Mode.SEQUENTIAL, step("fix", "a"))),
            List.of(),
            List.of(),
            "critical");
    try (Baton baton = baton(Map.of("a", agent))) {
      RunHandle n = baton.start(normal, Map.of(), Optional.of("normal-1"));
      await().until(() -> log.contains("start normal-1 1"));
      RunHandle c = baton.start(critical, Map.of(), Optional.of("critical-1"));
      assertThat(c.await().status()).isEqualTo(RunStatus.SUCCEEDED);
      RunState end = n.await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.failures()).isZero();
      assertThat(events(n.id())).filteredOn(e -> e instanceof Event.StepPreempted).hasSize(1);
    }
    assertThat(log)
        .containsSubsequence(
            "start normal-1 1", "stopped normal-1", "start critical-1 1", "start normal-1 2");
  }

  @Test
  void a_gap_hands_the_step_to_an_existing_specialist() {
    List<String> who = new CopyOnWriteArrayList<>();
    Agent generalist =
        (h, a) -> {
          who.add(a.agent());
          a.reporter().gap("kubernetes", "I do not know Helm charts");
          a.cancellation().await(10_000);
          return Outcome.failed("gave up");
        };
    Agent k8s =
        (h, a) -> {
          who.add(a.agent());
          return Outcome.succeeded("deployed");
        };
    Workflow wf =
        withAgents(
            workflow("gap", List.of("ops"), phase("one", Mode.SEQUENTIAL, step("deploy", "ops"))),
            List.of(inProcess("k8s", 1, "kubernetes")),
            List.of(),
            "normal");
    try (Baton baton = baton(Map.of("ops", generalist, "k8s", k8s))) {
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.step("deploy").orElseThrow().agent()).isEqualTo("k8s");
      assertThat(end.failures()).isZero();
      assertThat(events(end.id()))
          .anySatisfy(e ->
              assertThat(e)
                  .isInstanceOfSatisfying(
                      Event.StepHandedOver.class, h -> assertThat(h.to()).isEqualTo("k8s")));
    }
    assertThat(who).containsExactly("ops", "k8s");
  }

  @Test
  void a_gap_with_no_capable_agent_creates_a_specialist_from_a_template_and_keeps_it() {
    Agent generalist =
        (h, a) -> {
          a.reporter().gap("kubernetes", "needs a cluster expert");
          a.cancellation().await(10_000);
          return Outcome.failed("gave up");
        };
    Agent specialist = (h, a) -> Outcome.succeeded("done by " + a.agent());
    AgentSpec template = inProcess("k8s-specialist", 1, "kubernetes", "helm");
    Workflow wf =
        withAgents(
            workflow("make", List.of("ops"), phase("one", Mode.SEQUENTIAL, step("deploy", "ops"))),
            List.of(),
            List.of(template),
            "normal");
    try (Baton baton = baton(Map.of("ops", generalist, "k8s-specialist", specialist))) {
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.step("deploy").orElseThrow().output()).isEqualTo("done by k8s-specialist");
      assertThat(events(end.id()))
          .anySatisfy(e ->
              assertThat(e)
                  .isInstanceOfSatisfying(
                      Event.AgentCreated.class,
                      c -> assertThat(c.template()).isEqualTo("k8s-specialist")));
      assertThat(store.createdAgents()).extracting(c -> c.name()).containsExactly("k8s-specialist");

      // a later run needing the capability finds the specialist among its agents: nothing is
      // created again
      Workflow later =
          withAgents(
              workflow(
                  "later", List.of("ops"), phase("one", Mode.SEQUENTIAL, routed("ship", "helm"))),
              List.of(),
              List.of(template),
              "normal");
      RunState second = baton.start(later, Map.of()).await();
      assertThat(second.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(second.step("ship").orElseThrow().agent()).isEqualTo("k8s-specialist");
      assertThat(events(second.id())).noneMatch(e -> e instanceof Event.AgentCreated);
    }
  }

  @Test
  void a_step_whose_agent_lacks_a_required_capability_goes_to_a_capable_one() {
    Agent any = (h, a) -> Outcome.succeeded(a.agent());
    Workflow wf =
        withAgents(
            workflow(
                "mismatch",
                List.of("api"),
                phase("one", Mode.SEQUENTIAL, requiring(step("ws", "api"), "websocket"))),
            List.of(inProcess("realtime", 1, "websocket")),
            List.of(),
            "normal");
    try (Baton baton = baton(Map.of("api", any, "realtime", any))) {
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.step("ws").orElseThrow().output()).isEqualTo("realtime");
    }
  }

  @Test
  void a_gap_nobody_can_fill_asks_a_person() {
    Agent generalist =
        (h, a) -> {
          a.reporter().gap("quantum", "no idea");
          return Outcome.succeeded("partial");
        };
    Workflow wf =
        workflow("nobody", List.of("ops"), phase("one", Mode.SEQUENTIAL, step("solve", "ops")));
    try (Baton baton = baton(Map.of("ops", generalist))) {
      RunHandle h = baton.start(wf, Map.of());
      await().until(() -> events(h.id()).stream().anyMatch(e -> e instanceof Event.RunWaiting));
      assertThat(store.openHumanTasks())
          .singleElement()
          .satisfies(t -> assertThat(t.kind()).isEqualTo(TaskKind.INPUT));
    }
  }

  @Test
  void a_support_request_is_answered_into_the_running_agents_inbox_and_the_next_handoff()
      throws Exception {
    List<Map<String, Object>> later = new CopyOnWriteArrayList<>();
    Agent api =
        (h, a) -> {
          if (a.step().equals("after")) {
            later.add(h.outputs());
            return Outcome.succeeded(null);
          }
          a.reporter()
              .status(
                  new Status(
                      null,
                      null,
                      40,
                      null,
                      List.of("schema unclear"),
                      List.of(
                          new Status.SupportRequest(
                              "database", "Which index serves inspections by site?", "high")),
                      null));
          Path inbox = a.inbox();
          for (int i = 0; i < 200 && !a.cancellation().isCancelled(); i++) {
            try (var files = Files.list(inbox)) {
              Optional<Path> answer = files.filter(p -> p.toString().endsWith(".json")).findFirst();
              if (answer.isPresent()) return Outcome.succeeded(Files.readString(answer.get()));
            } catch (NoSuchFileException notYet) {
              // the inbox appears with the first answer
            }
            a.cancellation().await(50);
          }
          return Outcome.failed("no answer arrived");
        };
    Agent database =
        (h, a) -> Outcome.succeeded(Map.of("index", "inspections_site_idx", "task", h.task()));
    Workflow wf =
        workflow(
            "help",
            List.of("api", "database"),
            phase("one", Mode.SEQUENTIAL, step("endpoint", "api"), step("after", "api")));
    try (Baton baton = baton(Map.of("api", api, "database", database))) {
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat((String) end.step("endpoint").orElseThrow().output())
          .contains("inspections_site_idx")
          .contains("\"fromAgent\":\"database\"");
      assertThat(events(end.id()))
          .anySatisfy(e ->
              assertThat(e)
                  .isInstanceOfSatisfying(
                      Event.SupportAnswered.class,
                      s -> assertThat(s.agent()).isEqualTo("database")));
    }
    assertThat(later)
        .singleElement()
        .satisfies(o -> assertThat(o.keySet()).anyMatch(k -> k.startsWith("support:")));
  }
}
