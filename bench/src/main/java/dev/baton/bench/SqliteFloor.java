package dev.baton.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The durable floor: the least a journaled engine must write for the shape, on a {@link
 * FloorWriter}. Each step has a start row and an end row; a step's end is committed before the
 * steps after it start (their start rows ride in the same append); a run has a first and a last
 * row. W1 is thus 28 rows per workflow, W2 202. No state, no handoffs, no projections: only the
 * journal's rows.
 */
final class SqliteFloor implements AutoCloseable {
  private final Shape shape;
  private final Probe probe;
  private final FloorWriter writer;
  private final String label;
  private final AtomicLong runs = new AtomicLong();
  private final ExecutorService agents =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("floor-agent-", 0).factory());

  private SqliteFloor(Shape shape, FloorWriter writer, String label) {
    this.shape = shape;
    this.probe = new Probe(shape);
    this.writer = writer;
    this.label = label;
  }

  static SqliteFloor perEvent(Shape shape, Path dir) {
    return new SqliteFloor(
        shape,
        new FloorWriter.PerEvent(dir.resolve("floor-per-event.db")),
        "SQLite, commit per event");
  }

  static SqliteFloor groupCommit(Shape shape, Path dir) {
    return new SqliteFloor(
        shape, new FloorWriter.Group(dir.resolve("floor-group.db")), "SQLite, group commit");
  }

  CompletableFuture<?> run(int i) {
    FloorRun r = new FloorRun("s" + runs.incrementAndGet());
    r.start();
    return r.done.thenRun(() -> probe.forget(r.id));
  }

  Row measure(String scenario, int concurrency, int warmup, int total) {
    probe.recording = false;
    probe.handoffs.clear(); // measured in several rounds, each on its own
    probe.steps.clear();
    Load.run(warmup, concurrency, this::run);
    probe.recording = true;
    Row.Journal before = writer.journal();
    long busyBefore = writer.busyNanos.get();
    Load.Measured m = Load.run(total, concurrency, this::run);
    Row.Journal after = writer.journal();
    long busy = writer.busyNanos.get() - busyBefore;
    long commits = after.commits() - before.commits();
    return Row.of(
            scenario,
            label,
            concurrency,
            shape,
            m,
            probe.handoffs,
            new Row.Journal(commits, after.events() - before.events()))
        .note(Row.writerNote(scenario, "the floor", concurrency, busy, commits, m.nanos()));
  }

  @Override
  public void close() {
    agents.close();
    writer.close();
  }

  /** One workflow of the floor, moved on by its steps' ends. */
  private final class FloorRun {
    final String id;
    final CompletableFuture<Void> done = new CompletableFuture<>();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger remaining = new AtomicInteger();

    FloorRun(String id) {
      this.id = id;
    }

    void start() {
      List<FloorWriter.Event> rows = new ArrayList<>();
      rows.add(
          row("RunStarted", "{\"type\":\"RunStarted\",\"workflow\":\"" + shape.name() + "\"}"));
      rows.addAll(starts(0));
      then(writer.append(rows), () -> launch(0));
    }

    private List<FloorWriter.Event> starts(int group) {
      Shape.Group g = shape.groups().get(group);
      List<FloorWriter.Event> rows = new ArrayList<>();
      for (int i = 0; i < (g.parallel() ? g.steps() : 1); i++) rows.add(started(g, i));
      return rows;
    }

    private void launch(int group) {
      Shape.Group g = shape.groups().get(group);
      if (g.parallel()) {
        remaining.set(g.steps());
        for (int i = 0; i < g.steps(); i++) perform(group, i);
      } else {
        perform(group, 0);
      }
    }

    private void perform(int group, int index) {
      agents.execute(() -> {
        String step = shape.groups().get(group).step(index);
        probe.started(id, step);
        probe.ended(id, step);
        ended(group, index);
      });
    }

    private void ended(int group, int index) {
      Shape.Group g = shape.groups().get(group);
      List<FloorWriter.Event> rows = new ArrayList<>();
      rows.add(
          row(
              "StepSucceeded",
              "{\"type\":\"StepSucceeded\",\"phase\":\""
                  + g.name()
                  + "\",\"step\":\""
                  + g.step(index)
                  + "\",\"agent\":\"worker\",\"attempt\":1,\"durationMillis\":0}"));
      if (g.parallel()) {
        // queued before the count drops: the last end's next append cannot commit before this one
        CompletableFuture<Void> mine = writer.append(rows);
        if (remaining.decrementAndGet() > 0) {
          mine.exceptionally(e -> {
            done.completeExceptionally(e);
            return null;
          });
          return;
        }
        rows = new ArrayList<>();
      } else if (index + 1 < g.steps()) {
        rows.add(started(g, index + 1));
        then(writer.append(rows), () -> perform(group, index + 1));
        return;
      }
      if (group + 1 < shape.groups().size()) {
        rows.addAll(starts(group + 1));
        then(writer.append(rows), () -> launch(group + 1));
      } else {
        rows.add(row("RunSucceeded", "{\"type\":\"RunSucceeded\"}"));
        then(writer.append(rows), () -> done.complete(null));
      }
    }

    private FloorWriter.Event started(Shape.Group g, int index) {
      return row(
          "StepStarted",
          "{\"type\":\"StepStarted\",\"phase\":\""
              + g.name()
              + "\",\"step\":\""
              + g.step(index)
              + "\",\"agent\":\"worker\",\"attempt\":1,\"task\":\"do "
              + g.step(index)
              + "\"}");
    }

    private FloorWriter.Event row(String type, String data) {
      return new FloorWriter.Event(id, seq.incrementAndGet(), type, data);
    }

    private void then(CompletableFuture<Void> committed, Runnable next) {
      var unused =
          committed.whenComplete((ok, e) -> {
            if (e != null) done.completeExceptionally(e);
            else next.run();
          });
    }
  }
}
