package dev.baton.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.jline.utils.Signals;

/**
 * Ctrl-C (SIGINT) while {@code baton run} or {@code baton resume} follows a run: the first one
 * calls {@code first}, a later one {@code second}, each on a thread of its own so that the signal
 * thread never waits. The JVM's own handling (its shutdown hooks) is restored by {@link #close()}.
 * JLine's {@link Signals} reaches the JDK's {@code sun.misc.Signal} (module {@code
 * jdk.unsupported}), the one way to handle a signal without terminating.
 */
final class Interrupts implements AutoCloseable {
  private final AtomicInteger count = new AtomicInteger();
  private final Object previous;

  private Interrupts(Runnable first, Runnable second) {
    this.previous =
        Signals.register(
            "INT",
            () -> {
              Runnable action = count.incrementAndGet() == 1 ? first : second;
              Thread.ofPlatform().name("baton-interrupt-" + count.get()).start(action);
            });
  }

  static Interrupts install(Runnable first, Runnable second) {
    return new Interrupts(first, second);
  }

  /** How many times Ctrl-C was pressed. */
  int count() {
    return count.get();
  }

  @Override
  public void close() {
    Signals.unregister("INT", previous);
  }
}
