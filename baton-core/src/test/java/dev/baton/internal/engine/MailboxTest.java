package dev.baton.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class MailboxTest {
  private final List<Runnable> handedOut = new ArrayList<>();
  private final Executor recording = handedOut::add;

  @AfterEach
  void clean() {
    MDC.clear();
    var unused = Thread.interrupted();
  }

  @Test
  void without_a_last_act_messages_run_on_the_executor() {
    List<String> ran = new ArrayList<>();
    Mailbox box = new Mailbox(recording, t -> {}, "r1");

    box.send(() -> ran.add("first"));
    box.send(() -> ran.add("second"));

    assertThat(ran).isEmpty();
    assertThat(handedOut).hasSize(1);
    handedOut.getFirst().run();
    assertThat(ran).containsExactly("first", "second");
  }

  @Test
  void a_thread_in_its_last_act_runs_an_idle_mailbox_here_without_its_own_log_context() {
    Mailbox box = new Mailbox(recording, t -> {}, "r1");
    AtomicReference<Thread> ranOn = new AtomicReference<>();
    AtomicReference<Map<String, String>> context = new AtomicReference<>();
    MDC.put(LogContext.STEP, "build");

    Mailbox.asLastAct(() ->
        box.send(() -> {
          ranOn.set(Thread.currentThread());
          context.set(MDC.getCopyOfContextMap());
        }));

    assertThat(handedOut).isEmpty();
    assertThat(ranOn.get()).isSameAs(Thread.currentThread());
    if (MDC.get(LogContext.STEP) == null) return; // no logging backend here keeps an MDC
    assertThat(context.get())
        .containsEntry(LogContext.RUN, "r1")
        .doesNotContainKey(LogContext.STEP);
    assertThat(MDC.get(LogContext.STEP)).as("restored afterwards").isEqualTo("build");
  }

  @Test
  void only_the_first_mailbox_runs_here_and_what_its_messages_send_goes_to_the_executor() {
    Mailbox box = new Mailbox(recording, t -> {}, "r1");
    Mailbox other = new Mailbox(recording, t -> {}, "r2");
    Mailbox third = new Mailbox(recording, t -> {}, "r3");
    List<String> ran = new ArrayList<>();

    Mailbox.asLastAct(() -> {
      box.send(() -> {
        ran.add("r1");
        other.send(() -> ran.add("r2"));
      });
      third.send(() -> ran.add("r3"));
    });

    assertThat(ran).containsExactly("r1");
    assertThat(handedOut).hasSize(2);
    handedOut.forEach(Runnable::run);
    assertThat(ran).containsExactly("r1", "r2", "r3");
  }

  @Test
  void an_interrupted_thread_hands_the_messages_to_the_executor() {
    Mailbox box = new Mailbox(recording, t -> {}, "r1");
    List<String> ran = new ArrayList<>();

    Thread.currentThread().interrupt();
    Mailbox.asLastAct(() -> box.send(() -> ran.add("m")));

    assertThat(ran).isEmpty();
    assertThat(handedOut).hasSize(1);
  }

  @Test
  void a_closed_executor_runs_nothing_here_either() {
    ExecutorService closed = Executors.newSingleThreadExecutor();
    closed.shutdown();
    Mailbox box = new Mailbox(closed, t -> {}, "r1");
    List<String> ran = new ArrayList<>();

    Mailbox.asLastAct(() -> box.send(() -> ran.add("m")));

    assertThat(ran).isEmpty();
  }
}
