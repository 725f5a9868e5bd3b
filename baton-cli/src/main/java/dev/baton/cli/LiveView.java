package dev.baton.cli;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The terminal view of {@code baton run}: the coordination log scrolls, and below it one line per
 * active step with its agent, a progress bar, an ETA and the latest status text, redrawn in place.
 */
final class LiveView implements Consumer<List<JournalEntry>>, AutoCloseable {
  private static final int BAR = 20;

  private record Active(
      String step, String agent, Instant started, Integer progress, String text) {}

  private final PrintStream out;
  private final boolean ansi;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Active> active = new LinkedHashMap<>();
  private final List<String> pending = new ArrayList<>();
  private final ScheduledExecutorService ticker;
  private int drawn;

  LiveView(PrintStream out, boolean ansi) {
    // its own escape sequences go out raw; agents' text is cleaned line by line (EventLines, row)
    this.out = Printable.raw(out);
    this.ansi = ansi;
    this.ticker =
        ansi
            ? Executors.newSingleThreadScheduledExecutor(r -> {
              Thread t = new Thread(r, "baton-live-view");
              t.setDaemon(true);
              return t;
            })
            : null;
    if (ansi) {
      var unused = ticker.scheduleAtFixedRate(this::draw, 200, 200, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void accept(List<JournalEntry> entries) {
    lock.lock();
    try {
      for (JournalEntry e : entries) {
        track(e);
        if (!ansi) {
          pending.add(EventLines.line(e));
        } else if (!(e.event() instanceof Event.StatusReported
            || e.event() instanceof Event.HandoffSent
            || e.event() instanceof Event.HandoffNotes)) {
          pending.add(fit(EventLines.line(e)));
        }
      }
      if (!ansi) flushPlain();
    } finally {
      lock.unlock();
    }
  }

  private void track(JournalEntry e) {
    switch (e.event()) {
      case Event.StepStarted s ->
          active.put(
              s.step(),
              new Active(s.step(), s.agent(), e.time(), null, EventLines.firstLine(s.task())));
      case Event.StatusReported s ->
          active.computeIfPresent(
              s.step(),
              (k, a) ->
                  new Active(
                      a.step(),
                      a.agent(),
                      a.started(),
                      s.progress() != null ? s.progress() : a.progress(),
                      s.status().get("message") != null
                          ? String.valueOf(s.status().get("message"))
                          : s.status().get("currentTask") instanceof String t && !t.contains("/")
                              ? t
                              : a.text()));
      case Event.StepSucceeded s -> active.remove(s.step());
      case Event.StepFailed s -> active.remove(s.step());
      case Event.StepTimedOut s -> active.remove(s.step());
      case Event.StepCancelled s -> active.remove(s.step());
      case Event.StepPreempted s -> active.remove(s.step());
      default -> {}
    }
  }

  private void flushPlain() {
    pending.forEach(out::println);
    pending.clear();
    out.flush();
  }

  private void draw() {
    lock.lock();
    try {
      StringBuilder b = new StringBuilder();
      if (drawn > 0) b.append("\033[").append(drawn).append("F\033[J");
      for (String line : pending) b.append(line).append('\n');
      pending.clear();
      Instant now = Instant.now();
      drawn = 0;
      for (Active a : active.values()) {
        b.append(row(a, now)).append('\n');
        drawn++;
      }
      out.print(b);
      out.flush();
    } finally {
      lock.unlock();
    }
  }

  private static final int WIDTH = width();

  private static int width() {
    try {
      return Math.max(60, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120")));
    } catch (NumberFormatException e) {
      return 120;
    }
  }

  private static String fit(String line) {
    return line.length() < WIDTH ? line : line.substring(0, WIDTH - 2) + "…";
  }

  private static String row(Active a, Instant now) {
    int p = a.progress() == null ? 0 : Math.max(0, Math.min(100, a.progress()));
    int filled = p * BAR / 100;
    long elapsed = Duration.between(a.started(), now).toMillis();
    String eta =
        p > 0 && p < 100 ? "ETA " + EventLines.seconds(elapsed * (100 - p) / p) : "        ";
    String text = a.text() == null ? "" : Printable.clean(a.text()).replace('\n', ' ');
    int room = Math.max(10, WIDTH - 80);
    if (text.length() > room) text = text.substring(0, room - 1) + "…";
    return String.format(
        "  \033[1m%-22s\033[0m %-10s [%s%s] %3d%% %-10s %s",
        a.step(), a.agent(), "█".repeat(filled), "·".repeat(BAR - filled), p, eta, text);
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
      lock.lock();
      try {
        active.clear();
        draw();
      } finally {
        lock.unlock();
      }
    }
  }
}
