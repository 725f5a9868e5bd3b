package dev.baton.monitoring;

/**
 * Where alert changes go besides the alerts journal (docs/monitoring.md): the log, webhooks, or
 * anything a user registers on {@link AlertMonitor}. Called after the change is committed, on the
 * monitor's thread: a sink that does I/O hands it to a thread of its own, and never throws.
 */
@FunctionalInterface
public interface AlertSink extends AutoCloseable {
  void send(AlertNotice notice);

  /** Finishes deliveries in progress. */
  @Override
  default void close() {}
}
