package dev.baton.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;

/**
 * A mailbox runs its messages in order and its idle work once the queue is empty: a burst of
 * messages is followed by one idle run, which is how a run appends what they decided in one batch.
 */
class MailboxTest {
  /** Holds each scheduled drain until the test runs it. */
  private final Queue<Runnable> scheduled = new ArrayDeque<>();

  private final List<String> seen = new ArrayList<>();
  private final List<Throwable> errors = new ArrayList<>();
  private final Mailbox mailbox =
      new Mailbox(scheduled::add, errors::add, () -> seen.add("idle"), "run-1");

  @Test
  void messages_queued_before_the_drain_are_followed_by_one_idle_run() {
    mailbox.send(() -> seen.add("a"));
    mailbox.send(() -> seen.add("b"));
    mailbox.send(() -> seen.add("c"));

    assertThat(scheduled).hasSize(1); // one drain for the burst
    scheduled.remove().run();

    assertThat(seen).containsExactly("a", "b", "c", "idle");
  }

  @Test
  void a_message_sent_by_a_message_or_by_the_idle_work_is_run_in_the_same_drain() {
    List<String> order = new ArrayList<>();
    Mailbox[] box = new Mailbox[1];
    boolean[] first = {true};
    box[0] =
        new Mailbox(
            scheduled::add,
            errors::add,
            () -> {
              order.add("idle");
              if (first[0]) {
                first[0] = false;
                box[0].send(() -> order.add("sent by the idle work"));
              }
            },
            "run-2");
    box[0].send(() -> {
      order.add("first");
      box[0].send(() -> order.add("sent by the first"));
    });
    scheduled.remove().run();

    assertThat(order)
        .containsExactly("first", "sent by the first", "idle", "sent by the idle work", "idle");
    assertThat(scheduled).isEmpty(); // nothing left for another drain
  }

  @Test
  void a_failing_message_is_reported_and_the_idle_work_still_runs() {
    IllegalStateException boom = new IllegalStateException("boom");
    mailbox.send(() -> seen.add("a"));
    mailbox.send(() -> {
      throw boom;
    });
    mailbox.send(() -> seen.add("c"));
    scheduled.remove().run();

    assertThat(seen).containsExactly("a", "c", "idle");
    assertThat(errors).containsExactly(boom);
  }

  @Test
  void a_message_sent_after_the_drain_ends_schedules_a_new_one() {
    mailbox.send(() -> seen.add("a"));
    scheduled.remove().run();
    mailbox.send(() -> seen.add("b"));

    assertThat(scheduled).hasSize(1);
    scheduled.remove().run();
    assertThat(seen).containsExactly("a", "idle", "b", "idle");
  }
}
