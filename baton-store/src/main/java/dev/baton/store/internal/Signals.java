package dev.baton.store.internal;

import dev.baton.journal.StoreSignal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers {@link StoreSignal}s to listeners. Signals raised by this process reach its listeners
 * directly. Where the database can notify other sessions (PostgreSQL), senders also {@code NOTIFY}
 * in the statement's transaction and one thread per store {@code LISTEN}s on a connection of its
 * own, blocked in the driver until a notification arrives: no polling. After a lost connection it
 * reconnects and raises one signal of each kind, since notifications sent meanwhile are gone.
 */
final class Signals implements AutoCloseable {
  /** The channel every signal goes through; the payload is {@code KIND:run}. */
  static final String CHANNEL = "baton_signal";

  private static final Logger log = LoggerFactory.getLogger(Signals.class);

  private static final int WAIT_MILLIS = 10_000;

  private final List<Consumer<StoreSignal>> listeners = new CopyOnWriteArrayList<>();
  private final ConnectionFactory listenConnection;
  private final String name;
  private volatile boolean closed;
  private volatile Thread thread;
  private volatile Connection connection;

  /**
   * @param listenConnection opens the listening connection, or null where the database cannot
   *     notify other sessions (SQLite): signals then stay in this process
   */
  Signals(ConnectionFactory listenConnection, String name) {
    this.listenConnection = listenConnection;
    this.name = name;
  }

  boolean crossProcess() {
    return listenConnection != null;
  }

  StoreSignal.Subscription listen(Consumer<StoreSignal> listener) {
    listeners.add(listener);
    if (crossProcess()) startThread();
    boolean cross = crossProcess();
    return new StoreSignal.Subscription() {
      @Override
      public boolean crossProcess() {
        return cross;
      }

      @Override
      public void close() {
        listeners.remove(listener);
      }
    };
  }

  /**
   * A signal raised in this process, delivered here at once. (Where a notification also comes back
   * from the database, listeners hear it twice: signals only wake, so that costs one extra read.)
   */
  void local(StoreSignal signal) {
    deliver(signal);
  }

  /** A signal as a notification's payload: {@code KIND:run}. */
  static String payload(StoreSignal signal) {
    return signal.kind().name() + ":" + (signal.run() == null ? "" : signal.run());
  }

  private synchronized void startThread() {
    if (thread != null || closed) return;
    thread = Thread.ofPlatform().daemon().name("baton-listen-" + name).start(this::loop);
  }

  private void loop() {
    long backoff = 100;
    while (!closed) {
      try (Connection c = listenConnection.open()) {
        connection = c;
        try (Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
        }
        backoff = 100;
        for (StoreSignal.Kind kind : StoreSignal.Kind.values())
          deliver(new StoreSignal(kind, null));
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          // blocks until a notification arrives; the timeout only bounds how long close() waits
          PGNotification[] got = pg.getNotifications(WAIT_MILLIS);
          if (got == null) continue;
          for (PGNotification n : got) {
            StoreSignal signal = parse(n.getParameter());
            if (signal != null) deliver(signal);
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (closed) return;
        log.warn("store signals: {} (reconnecting in {} ms)", e.getMessage(), backoff);
        try {
          Thread.sleep(backoff); // back-off before reconnecting to an unreachable database
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(5_000, backoff * 2);
      } finally {
        connection = null;
      }
    }
  }

  static StoreSignal parse(String payload) {
    int colon = payload.indexOf(':');
    if (colon < 0) return null;
    try {
      StoreSignal.Kind kind =
          StoreSignal.Kind.valueOf(payload.substring(0, colon).toUpperCase(Locale.ROOT));
      String run = payload.substring(colon + 1);
      return new StoreSignal(kind, run.isEmpty() ? null : run);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private void deliver(StoreSignal signal) {
    for (Consumer<StoreSignal> l : listeners) {
      try {
        l.accept(signal);
      } catch (RuntimeException e) {
        log.warn("store signal listener failed", e);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    Connection c = connection;
    if (c != null) {
      try {
        c.abort(Runnable::run); // drops the socket, waking the thread blocked in getNotifications
      } catch (SQLException ignored) {
        // closing anyway
      }
    }
    Thread t = thread;
    if (t != null) t.interrupt();
  }
}
