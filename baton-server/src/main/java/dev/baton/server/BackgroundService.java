package dev.baton.server;

/**
 * Work that lives as long as the server (e.g. the scheduler of the improvement cycles): started
 * once the server listens and its runs are resumed, closed first when it shuts down.
 */
public interface BackgroundService extends AutoCloseable {
  /** A short name for logs. */
  default String name() {
    return getClass().getSimpleName();
  }

  void start();

  @Override
  void close();
}
