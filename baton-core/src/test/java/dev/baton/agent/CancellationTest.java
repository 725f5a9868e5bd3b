package dev.baton.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTest {
  @Test
  void a_closed_registration_does_not_run_and_the_others_still_do() {
    Cancellation c = new Cancellation();
    AtomicInteger kept = new AtomicInteger();
    AtomicInteger dropped = new AtomicInteger();
    c.onCancel(kept::incrementAndGet);
    for (int i = 0; i < 1_000; i++) c.onCancel(dropped::incrementAndGet).close();
    Cancellation.Registration alone = new Cancellation().onCancel(dropped::incrementAndGet);
    alone.close();
    alone.close();

    c.cancel("timed out");

    assertThat(kept).hasValue(1);
    assertThat(dropped).hasValue(0);
    // closing after the callback ran changes nothing
    c.onCancel(kept::incrementAndGet).close();
    assertThat(kept).hasValue(2);
  }

  @Test
  void every_callback_runs_once_whether_registered_before_or_after_the_cancel() {
    Cancellation c = new Cancellation();
    AtomicInteger first = new AtomicInteger();
    AtomicInteger second = new AtomicInteger();
    AtomicInteger late = new AtomicInteger();
    c.onCancel(first::incrementAndGet);
    c.onCancel(second::incrementAndGet);
    assertThat(c.isCancelled()).isFalse();

    c.cancel("timed out");
    c.cancel("cancelled by a person");
    c.onCancel(late::incrementAndGet);

    assertThat(c.reason()).isEqualTo("timed out");
    assertThat(c.isCancelled()).isTrue();
    assertThat(first.get() + ":" + second.get() + ":" + late.get()).isEqualTo("1:1:1");
  }

  @Test
  void await_returns_when_another_thread_cancels_and_at_once_afterwards() throws Exception {
    Cancellation c = new Cancellation();
    assertThat(c.await(1)).isFalse();
    CountDownLatch waiting = new CountDownLatch(1);
    AtomicBoolean woken = new AtomicBoolean();
    Thread waiter =
        Thread.ofVirtual()
            .start(() -> {
              waiting.countDown();
              try {
                woken.set(c.await(Long.MAX_VALUE / 2));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    waiting.await();
    c.cancel("stop");
    waiter.join();
    assertThat(woken).isTrue();
    assertThat(c.await(0)).isTrue();
  }
}
