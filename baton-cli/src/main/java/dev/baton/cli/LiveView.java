package dev.baton.cli;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
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
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Signals;

/**
 * The view of {@code baton run}. On a terminal (through JLine: its size, its resizes, its
 * capabilities) the coordination log scrolls, and below it one row per active step with its agent,
 * a progress bar, an ETA and the latest status text is redrawn in place; every line is cut to the
 * terminal's width so nothing wraps, failures are red and successes green, and {@code NO_COLOR}
 * removes the colours only. Elsewhere (a pipe, a file, {@code TERM=dumb}) it prints one line per
 * change of state; {@code --verbose} adds the progress reports and handoffs.
 */
final class LiveView implements Consumer<List<JournalEntry>>, AutoCloseable {
  private static final int BAR = 20;

  private record Active(
      String step, String agent, Instant started, Integer progress, String text) {}

  private final PrintWriter out;
  private final Terminal terminal;
  private final boolean colour;
  private final boolean verbose;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Active> active = new LinkedHashMap<>();
  private final List<AttributedString> pending = new ArrayList<>();
  private final ScheduledExecutorService ticker;
  private final Object previousWinch;
  private volatile boolean resized = true;
  private int width = 80;
  private List<Integer> drawn = List.of();
  private boolean closed;

  private LiveView(PrintWriter out, Terminal terminal, boolean colour, boolean verbose) {
    this.out = out;
    this.terminal = terminal;
    this.colour = colour;
    this.verbose = verbose;
    if (terminal == null) {
      this.ticker = null;
      this.previousWinch = null;
      return;
    }
    this.previousWinch = Signals.register("WINCH", () -> resized = true);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "baton-live-view");
          t.setDaemon(true);
          return t;
        });
    var unused = ticker.scheduleAtFixedRate(this::draw, 200, 200, TimeUnit.MILLISECONDS);
  }

  /**
   * The view for standard output: live on a terminal (unless {@code TERM=dumb}), plain lines
   * elsewhere.
   */
  static LiveView open(PrintStream stdout, boolean verbose) {
    if (Terminals.interactive() && !"dumb".equals(System.getenv("TERM"))) {
      try {
        // JLine must not take over SIGINT (Ctrl-C pauses the run, see Interrupts): resizes are
        // watched here with WINCH, the size read from the terminal after each one
        Terminal terminal =
            TerminalBuilder.builder()
                .system(true)
                .nativeSignals(false)
                .graphemeCluster(
                    false) // no probing of the terminal (its answers would reach the shell)
                .dumb(true)
                .build();
        if (!terminal.getType().startsWith(Terminal.TYPE_DUMB)) {
          String noColor = System.getenv("NO_COLOR");
          boolean colour = (noColor == null || noColor.isEmpty()) && colours(terminal);
          return new LiveView(terminal.writer(), terminal, colour, verbose);
        }
        terminal.close();
      } catch (IOException | RuntimeException noTerminal) {
        // plain output below
      }
    }
    return new LiveView(
        new PrintWriter(new java.io.OutputStreamWriter(stdout, stdout.charset()), true),
        null,
        false,
        verbose);
  }

  private static boolean colours(Terminal terminal) {
    Integer colours = terminal.getNumericCapability(org.jline.utils.InfoCmp.Capability.max_colors);
    return colours != null && colours >= 8;
  }

  @Override
  public void accept(List<JournalEntry> entries) {
    lock.lock();
    try {
      for (JournalEntry e : entries) {
        track(e);
        if (verbose || !progressOnly(e.event())) pending.add(styled(e));
      }
      if (terminal == null) flushPlain();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Reports of progress and handoffs: shown in the rows on a terminal, not as lines of their own.
   */
  private static boolean progressOnly(Event event) {
    return event instanceof Event.StatusReported
        || event instanceof Event.HandoffSent
        || event instanceof Event.HandoffNotes;
  }

  /** The event's line, its type coloured by what it means. */
  private static AttributedString styled(JournalEntry e) {
    String line = EventLines.line(e);
    String type = e.event().type();
    int at = line.indexOf(type);
    AttributedStyle style = style(e.event());
    if (at < 0 || style == null) return new AttributedString(line);
    return new AttributedStringBuilder()
        .append(line.substring(0, at))
        .styled(style, type)
        .append(line.substring(at + type.length()))
        .toAttributedString();
  }

  private static AttributedStyle style(Event event) {
    AttributedStyle red = AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold();
    AttributedStyle green = AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN);
    AttributedStyle yellow = AttributedStyle.DEFAULT.foreground(AttributedStyle.YELLOW);
    return switch (event) {
      case Event.RunFailed x -> red;
      case Event.RunRolledBack x -> red;
      case Event.RunCancelled x -> red;
      case Event.PhaseFailed x -> red;
      case Event.StepFailed x -> red;
      case Event.StepTimedOut x -> red;
      case Event.CompensationFailed x -> red;
      case Event.RunSucceeded x -> green.bold();
      case Event.PhaseSucceeded x -> green;
      case Event.StepSucceeded x -> green;
      case Event.Escalated x -> yellow;
      case Event.RunWaiting x -> yellow;
      case Event.HumanTaskOpened x -> yellow;
      case Event.Replanned x -> yellow;
      case Event.RollbackStarted x -> yellow;
      case Event.StepRetrying x -> yellow;
      case Event.EstimateExceeded x -> yellow;
      case Event.AlertRaised x -> yellow;
      default -> null;
    };
  }

  private void track(JournalEntry e) {
    switch (e.event()) {
      case Event.StepStarted s ->
          active.put(
              s.step(),
              new Active(
                  s.step(),
                  s.agent(),
                  e.time(),
                  null,
                  Printable.clean(EventLines.firstLine(s.task()))));
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
                          ? Printable.clean(String.valueOf(s.status().get("message")))
                          : s.status().get("currentTask") instanceof String t && !t.contains("/")
                              ? Printable.clean(t)
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
    pending.forEach(line -> out.println(line.toString()));
    pending.clear();
    out.flush();
  }

  private void draw() {
    lock.lock();
    try {
      if (closed) return;
      if (resized) {
        resized = false;
        Size size = terminal.getSize();
        if (size.getColumns() > 0) width = size.getColumns();
      }
      StringBuilder b = new StringBuilder();
      // back to the first row drawn last time; a row cut to an older, wider width may have been
      // re-wrapped by the terminal over several lines
      int up = 0;
      for (int w : drawn) up += Math.max(1, (w + width - 1) / width);
      if (up > 0) b.append("\r\033[").append(up).append("A\033[J");
      for (AttributedString line : pending) b.append(render(line)).append('\n');
      pending.clear();
      Instant now = Instant.now();
      List<Integer> rows = new ArrayList<>();
      for (Active a : active.values()) {
        AttributedString row = fit(row(a, now));
        b.append(render(row)).append('\n');
        rows.add(row.columnLength());
      }
      drawn = rows;
      out.print(b);
      out.flush();
    } finally {
      lock.unlock();
    }
  }

  private String render(AttributedString line) {
    AttributedString cut = fit(line);
    return colour ? cut.toAnsi(terminal) : cut.toString();
  }

  /** Cut to the terminal's width (one column spare: some terminals wrap on the last one). */
  private AttributedString fit(AttributedString line) {
    int room = Math.max(20, width - 1);
    if (line.columnLength() <= room) return line;
    return new AttributedStringBuilder()
        .append(line.columnSubSequence(0, room - 1))
        .append("…")
        .toAttributedString();
  }

  private AttributedString row(Active a, Instant now) {
    int p = a.progress() == null ? 0 : Math.max(0, Math.min(100, a.progress()));
    int filled = p * BAR / 100;
    long elapsed = Duration.between(a.started(), now).toMillis();
    String eta =
        p > 0 && p < 100 ? "ETA " + EventLines.seconds(elapsed * (100 - p) / p) : "        ";
    return new AttributedStringBuilder()
        .append("  ")
        .styled(AttributedStyle.BOLD, String.format("%-22s", a.step()))
        .append(String.format(" %-10s [", a.agent()))
        .styled(AttributedStyle.DEFAULT.foreground(AttributedStyle.CYAN), "█".repeat(filled))
        .append("·".repeat(BAR - filled))
        .append(String.format("] %3d%% %-10s %s", p, eta, a.text() == null ? "" : a.text()))
        .toAttributedString();
  }

  /** Colours a summary line as its run ended: green when it succeeded, red otherwise. */
  String summary(String line, boolean succeeded) {
    if (!colour) return line;
    AttributedStyle style =
        succeeded
            ? AttributedStyle.DEFAULT.foreground(AttributedStyle.GREEN).bold()
            : AttributedStyle.DEFAULT.foreground(AttributedStyle.RED).bold();
    return new AttributedString(line, style).toAnsi();
  }

  @Override
  public void close() {
    if (terminal == null) return;
    ticker.shutdownNow();
    lock.lock();
    try {
      if (closed) return;
      active.clear();
      draw();
      closed = true;
      Signals.unregister("WINCH", previousWinch);
      terminal.close();
    } catch (IOException e) {
      // the terminal is gone: nothing more to draw
    } finally {
      lock.unlock();
    }
  }
}
