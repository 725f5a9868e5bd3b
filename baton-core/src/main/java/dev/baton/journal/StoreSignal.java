package dev.baton.journal;

/**
 * A hint from a process sharing the store that it left work for others: a command for a run, a
 * released resource claim, a new run. Signals only wake; the store's rows stay the truth, so a
 * signal lost (or never sent by a store that cannot) costs a poll interval, never correctness.
 */
public record StoreSignal(Kind kind, String run) {
  /** A listener's registration: closing it stops the signals. */
  public interface Subscription extends AutoCloseable {
    /** True when signals also come from other processes, so polling is only a fallback. */
    boolean crossProcess();

    @Override
    void close();
  }

  /** The subscription of a store that delivers no signals. */
  public static final Subscription NONE =
      new Subscription() {
        @Override
        public boolean crossProcess() {
          return false;
        }

        @Override
        public void close() {}
      };

  /** What changed. */
  public enum Kind {
    /** A command (decision, cancel, feedback) was submitted for {@link #run()}. */
    COMMAND,
    /** A resource or agent slot was released. */
    CLAIM,
    /** A run was created or became free to take over. */
    RUN
  }
}
