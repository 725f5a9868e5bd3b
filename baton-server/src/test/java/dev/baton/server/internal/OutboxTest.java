package dev.baton.server.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A client's writes, as {@link EventHub} makes them. A write that hangs stands for a client that
 * stopped reading: its socket's buffers are full, and Jetty's write waits.
 */
class OutboxTest {
  final AtomicBoolean closed = new AtomicBoolean();
  final List<Integer> written = new CopyOnWriteArrayList<>();
  final CountDownLatch network = new CountDownLatch(1);
  final CountDownLatch hangs = new CountDownLatch(1);

  Outbox outbox(int backlog) {
    return new Outbox(closed::get, () -> closed.set(true), backlog);
  }

  /** A write that hangs until the network comes back. */
  Runnable hanging(int n) {
    return () -> {
      hangs.countDown();
      try {
        network.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      written.add(n);
    };
  }

  @Test
  @org.junit.jupiter.api.Timeout(120) // a post that waited for the hanging write would never return
  void posting_never_waits_for_a_write_that_hangs_and_the_writes_keep_their_order()
      throws Exception {
    Outbox o = outbox(100);
    o.post(hanging(0));
    // on this thread, as a run's thread posts its committed batch: returns at once every time
    for (int i = 1; i <= 50; i++) {
      int n = i;
      o.post(() -> written.add(n));
    }
    assertThat(written).isEmpty();
    assertThat(o.idle()).isFalse();

    network.countDown();
    await().atMost(30, TimeUnit.SECONDS).until(o::idle);
    assertThat(written)
        .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(0, 50).boxed().toList());
    assertThat(closed).isFalse();
  }

  @Test
  void one_writer_at_a_time_however_many_threads_post() throws Exception {
    Outbox o = outbox(100_000);
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Runnable write =
        () -> {
          most.accumulateAndGet(inside.incrementAndGet(), Math::max);
          Thread.onSpinWait();
          inside.decrementAndGet();
        };
    try (var posters = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < 8; t++)
        posters.execute(() -> {
          for (int i = 0; i < 2_000; i++) o.post(write);
        });
    }
    await().atMost(30, TimeUnit.SECONDS).until(o::idle);
    assertThat(most.get()).isEqualTo(1);
  }

  @Test
  void a_client_too_far_behind_is_closed_and_its_writes_dropped() throws Exception {
    Outbox o = outbox(3);
    o.post(hanging(0)); // the writer is in it: one of the three
    assertThat(hangs.await(30, TimeUnit.SECONDS)).isTrue();
    o.post(() -> written.add(1));
    o.post(() -> written.add(2));
    assertThat(closed).isFalse();

    o.post(() -> written.add(3)); // the fourth: too far behind
    assertThat(closed).isTrue();
    o.post(() -> written.add(4)); // closed: nothing more is queued

    network.countDown();
    await().atMost(30, TimeUnit.SECONDS).until(() -> written.contains(0));
    assertThat(written).containsExactly(0);
  }

  @Test
  void a_write_that_throws_closes_the_client() {
    Outbox o = outbox(100);
    o.post(() -> {
      throw new IllegalStateException("Jetty refused the write");
    });
    await().atMost(30, TimeUnit.SECONDS).untilTrue(closed);
    o.post(() -> written.add(1));
    assertThat(written).isEmpty();
  }
}
