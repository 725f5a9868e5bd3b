package dev.baton.internal.engine;

import static dev.baton.internal.engine.TestWorkflows.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.RunHandle;
import dev.baton.agent.Outcome;
import dev.baton.journal.Event;
import dev.baton.journal.LeaseOwner;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.store.JournalStore;
import dev.baton.store.RunJournal;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.workflow.Mode;
import dev.baton.workflow.Workflow;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resume in the same process that comes between a start's commit and the start's own actor (a
 * server's sweep for unfinished runs nobody executes finds the run just created): one actor
 * executes the run, each step once, and both handles see its end.
 */
class StartResumeRaceTest {
  @TempDir Path dir;

  @Test
  void a_resume_right_after_a_starts_commit_leaves_one_actor_executing_the_run() throws Exception {
    InMemoryJournalStore memory = new InMemoryJournalStore();
    AtomicReference<Baton> baton = new AtomicReference<>();
    AtomicReference<RunHandle> resumed = new AtomicReference<>();
    // the store resumes the run from another thread as soon as its creation has committed, and
    // waits for that resume before the start goes on
    JournalStore store =
        (JournalStore)
            Proxy.newProxyInstance(
                JournalStore.class.getClassLoader(),
                new Class<?>[] {JournalStore.class},
                (proxy, m, args) -> {
                  if (m.getName().equals("create") && args[0] instanceof RunJournal.Append a) {
                    CompletableFuture<Void> created =
                        memory.create(a, (LeaseOwner) args[1], (Instant) args[2]);
                    created.join();
                    resumed.set(
                        CompletableFuture.supplyAsync(() -> baton.get().resume(a.run()))
                            .get(30, TimeUnit.SECONDS));
                    if (args.length == 3) return created;
                    ((RunJournal.Committed) args[3]).done(null);
                    return null;
                  }
                  try {
                    return m.invoke(memory, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    AtomicInteger performed = new AtomicInteger();
    Workflow wf =
        workflow("w", List.of("a"), phase("p", Mode.SEQUENTIAL, step("s1", "a"), step("s2", "a")));
    try (Baton b =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .agent(
                "a",
                (h, at) -> {
                  performed.incrementAndGet();
                  return Outcome.succeeded("done");
                })
            .workflow(wf)
            .build()) {
      baton.set(b);
      RunHandle started = b.start(wf, Map.of(), Optional.of("r1"));

      RunState end = started.completion().get(30, TimeUnit.SECONDS);
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(resumed.get().completion().get(30, TimeUnit.SECONDS).status())
          .isEqualTo(RunStatus.SUCCEEDED);
    }
    assertThat(performed).hasValue(2);
    assertThat(memory.read("r1", 0))
        .filteredOn(e -> e.event() instanceof Event.StepSucceeded)
        .hasSize(2);
  }
}
