package dev.baton.server.internal;

import dev.baton.journal.JournalEntry;
import dev.baton.store.JournalStore;
import io.javalin.http.sse.SseClient;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live journals for Server-Sent Events. Each stream catches up from the store after the client's
 * {@code Last-Event-ID}, then receives every batch this process commits, written in order by its
 * client's {@link Outbox} so that nothing is sent twice or skipped: an event older than the last
 * one sent is dropped, a gap is filled from the store. A run's thread hands its committed batch to
 * the outboxes and goes on: a client that stops reading (a laptop asleep, a stalled network) holds
 * up its own writes only, never a run, and is closed once it is {@link #BACKLOG} writes behind.
 * Runs that another process executes have no signal here (SQLite has none across processes), so
 * their streams look at the store once a second.
 *
 * <p>A client that hangs up sends nothing the server would read: Jetty learns of it only when a
 * write to the connection fails (the first write after the hang-up usually still succeeds, the next
 * one fails). So every stream gets a comment each {@link #KEEP_ALIVE}, from the hub's one timer
 * thread: a stream whose client went away ends, and lets go of what it holds, within two of them
 * (docs/server.md).
 *
 * <p>Every write to a client goes through its outbox, one at a time (Javalin writes a comment
 * without a lock, and Jetty refuses a write that overlaps another with an exception that is no
 * {@code IOException}), and a write that throws ends its client. The timer only posts: a client
 * whose write hangs delays neither the keep-alives of the others nor the look at foreign runs.
 */
public final class EventHub implements Consumer<List<JournalEntry>>, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventHub.class);
  private final JournalStore store;
  private final Predicate<String> executedHere;
  private final Map<String, Set<Stream>> byRun = new ConcurrentHashMap<>();
  private final Set<Consumer<String>> changes = ConcurrentHashMap.newKeySet();
  private final Set<Watcher> watchers = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("baton-sse").daemon().factory());
  private final ScheduledFuture<?> foreign;
  private final ScheduledFuture<?> heartbeat;

  public EventHub(JournalStore store, Predicate<String> executedHere) {
    this.store = store;
    this.executedHere = executedHere;
    this.foreign = timer.scheduleWithFixedDelay(this::lookAtForeignRuns, 1, 1, TimeUnit.SECONDS);
    long every = KEEP_ALIVE.toMillis();
    this.heartbeat =
        timer.scheduleWithFixedDelay(this::heartbeat, every, every, TimeUnit.MILLISECONDS);
  }

  /**
   * How often each open stream gets a comment. A few bytes per stream: 1,000 open streams cost
   * 1,000 small writes every second, handed by the hub's one timer thread to each client's writer.
   */
  public static final java.time.Duration KEEP_ALIVE = java.time.Duration.ofSeconds(1);

  /**
   * How many writes a client may fall behind before it is closed. A journal stream's write is a
   * committed batch of its run; a dashboard's is a run that changed (one pending write per run).
   */
  static final int BACKLOG = 10_000;

  /** One client's stream of one run's journal. */
  private final class Stream {
    final String run;
    final SseClient client;
    final Outbox outbox;
    long last; // written by the outbox's writer only

    Stream(String run, SseClient client, long after) {
      this.run = run;
      this.client = client;
      this.outbox = outbox(client);
      this.last = after;
    }

    void deliver(List<JournalEntry> entries) {
      outbox.post(() -> {
        for (JournalEntry e : entries) {
          if (e.seq() <= last) continue;
          if (e.seq() > last + 1) readStore();
          if (e.seq() > last + 1) return; // the store did not answer: the next look fills the gap
          if (e.seq() <= last) continue;
          send(e);
        }
      });
    }

    void catchUp() {
      outbox.post(this::readStore);
    }

    /**
     * A run executed elsewhere, or finished: what the store has now, or a comment when it has
     * nothing new. The comment is this stream's keep-alive: the heartbeat finds the writer busy
     * with these reads and leaves it alone, and a client that hung up must still be written to, to
     * find out.
     */
    void look() {
      if (!outbox.idle()) return; // the last look is still on its way: no pile behind a stuck write
      outbox.post(() -> {
        long before = last;
        readStore();
        if (last == before) comment(client);
      });
    }

    /**
     * What the store has after the last event sent; a store busy or closing is asked again later.
     */
    private void readStore() {
      List<JournalEntry> entries;
      try {
        entries = store.read(run, last);
      } catch (RuntimeException e) {
        return; // the next batch or look at foreign runs catches up
      }
      for (JournalEntry e : entries) send(e);
    }

    private void send(JournalEntry e) {
      if (client.terminated()) return;
      String id = Long.toString(e.seq());
      write(client, () -> client.sendEvent("message", Documents.event(e), id));
      last = e.seq();
    }

    void keepAlive() {
      EventHub.keepAlive(client, outbox);
    }
  }

  /**
   * A dashboard's change stream: each run that changed, once however many batches it committed
   * while the client was being written to.
   */
  private static final class Watcher {
    final SseClient client;
    final String event;
    final Outbox outbox;
    final Set<String> pending = ConcurrentHashMap.newKeySet();

    Watcher(SseClient client, String event) {
      this.client = client;
      this.event = event;
      this.outbox = outbox(client);
    }

    void send(String run) {
      if (!pending.add(run)) return;
      outbox.post(() -> {
        pending.remove(run);
        write(client, () -> client.sendEvent(event, run));
      });
    }

    void keepAlive() {
      EventHub.keepAlive(client, outbox);
    }
  }

  private static Outbox outbox(SseClient client) {
    return new Outbox(client::terminated, client::close, BACKLOG);
  }

  /** A comment when nothing is on its way: a write that hangs needs no keep-alive behind it. */
  private static void keepAlive(SseClient client, Outbox outbox) {
    if (outbox.idle()) outbox.post(() -> comment(client));
  }

  private static void comment(SseClient client) {
    write(client, () -> client.sendComment("keep-alive"));
  }

  /**
   * One write to {@code client}, by its outbox's writer: Javalin closes a client whose write fails
   * with an {@code IOException}; one that fails otherwise is closed here.
   */
  private static void write(SseClient client, Runnable write) {
    if (client.terminated()) return;
    try {
      write.run();
    } catch (RuntimeException e) {
      client.close();
    }
  }

  /**
   * Streams a run's journal to an SSE client from the event after {@code after}; returns once the
   * stream is registered (Javalin keeps the connection open).
   */
  public void stream(String run, long after, SseClient client) {
    Stream s = new Stream(run, client, after);
    client.keepAlive();
    // added and removed inside the map's own lock: a stream registering while the run's last
    // other stream goes must not land in a set the map no longer holds
    client.onClose(() ->
        byRun.computeIfPresent(
            run,
            (k, v) -> {
              v.remove(s);
              return v.isEmpty() ? null : v;
            }));
    // registered first: a batch committed meanwhile is delivered after the catch-up, or fills
    // the gap it finds from the store
    byRun.compute(
        run,
        (k, v) -> {
          Set<Stream> set = v == null ? ConcurrentHashMap.<Stream>newKeySet() : v;
          set.add(s);
          return set;
        });
    s.catchUp();
  }

  /** Calls {@code listener} with the run's id whenever a batch of it commits here (dashboards). */
  public AutoCloseable changes(Consumer<String> listener) {
    changes.add(listener);
    return () -> changes.remove(listener);
  }

  /**
   * Sends the dashboard's change stream {@code client} the run of every batch committed here, with
   * the keep-alive of the journal streams; {@code onClose} runs once its client is gone.
   */
  public void changes(SseClient client, String event) {
    client.keepAlive();
    Watcher w = new Watcher(client, event);
    Consumer<String> listener = w::send;
    changes.add(listener);
    watchers.add(w);
    client.onClose(() -> {
      changes.remove(listener);
      watchers.remove(w);
    });
  }

  /** Dashboards' change streams open now. */
  public int watchers() {
    return watchers.size();
  }

  @Override
  public void accept(List<JournalEntry> batch) {
    Map<String, List<JournalEntry>> runs =
        batch.stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    JournalEntry::run,
                    java.util.LinkedHashMap::new,
                    java.util.stream.Collectors.toList()));
    runs.forEach((run, entries) -> {
      Set<Stream> streams = byRun.get(run);
      if (streams != null) for (Stream s : streams) s.deliver(entries);
      for (Consumer<String> c : changes) c.accept(run);
    });
  }

  /** Streams open now (tests check that closed ones are forgotten). */
  public int streams() {
    return byRun.values().stream().mapToInt(Set::size).sum();
  }

  private void lookAtForeignRuns() {
    // only hands each stream's writer a look at the store; nothing may escape this task, or the
    // executor never runs it again
    try {
      for (var entry : byRun.entrySet()) {
        if (executedHere.test(entry.getKey())) continue;
        for (Stream s : entry.getValue()) s.look();
      }
    } catch (RuntimeException e) {
      log.warn("look at the runs executed elsewhere: {}", e.toString());
    }
  }

  private void heartbeat() {
    // a failed write closes its client, which forgets the stream (onClose); nothing may escape
    // this task, or the executor never runs it again
    try {
      for (Set<Stream> set : byRun.values()) for (Stream s : set) s.keepAlive();
      for (Watcher w : watchers) w.keepAlive();
    } catch (RuntimeException e) {
      log.warn("keep-alive of the event streams: {}", e.toString());
    }
  }

  @Override
  public void close() {
    foreign.cancel(false);
    heartbeat.cancel(false);
    timer.shutdownNow();
    for (Set<Stream> set : byRun.values()) for (Stream s : set) s.client.close();
    for (Watcher w : watchers) w.client.close();
  }
}
