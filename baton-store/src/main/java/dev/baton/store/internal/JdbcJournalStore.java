package dev.baton.store.internal;

import dev.baton.journal.AgentStatus;
import dev.baton.journal.HumanAction;
import dev.baton.journal.HumanTask;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.RunCommand;
import dev.baton.journal.StoreSignal;
import dev.baton.journal.TaskKind;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import dev.baton.store.JournalRows;
import dev.baton.store.JournalStore;
import dev.baton.store.SqlDialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal in a SQL database: appends go through the {@link GroupCommitWriter}'s own connection;
 * reads, leases and commands use a small pool, so they never queue behind a flush.
 */
public final class JdbcJournalStore implements JournalStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcJournalStore.class);

  /**
   * From the row that holds the seq after {@code afterSeq} on ({@link JournalRows}: a row per
   * append).
   */
  private static final String READ =
      """
      SELECT seq, time, data FROM events WHERE run = ?
        AND seq >= (SELECT coalesce(max(seq), 0) FROM events WHERE run = ? AND seq <= ?)
      ORDER BY seq
      """;

  private static final String RUN_COLUMNS =
      "run, workflow, state, priority, primary_agent, started, ended";
  private static final String RUNS =
      "SELECT " + RUN_COLUMNS + " FROM runs WHERE state IS NOT NULL ORDER BY id";
  private static final String RUN =
      "SELECT " + RUN_COLUMNS + " FROM runs WHERE state IS NOT NULL AND run = ?";
  private static final String UNFINISHED =
      """
      SELECT run FROM runs WHERE state IS NOT NULL AND state NOT IN (%s) ORDER BY id
      """
          .formatted(
              Arrays.stream(RunStatus.values())
                  .filter(RunStatus::finished)
                  .map(s -> "'" + s.name() + "'")
                  .collect(Collectors.joining(", ")));
  private static final String TASK_COLUMNS = "id, run, kind, question, options, opened, decision";
  private static final String OPEN_TASKS =
      "SELECT " + TASK_COLUMNS + " FROM human_tasks WHERE decision IS NULL ORDER BY opened, id";
  private static final String TASK = "SELECT " + TASK_COLUMNS + " FROM human_tasks WHERE id = ?";
  private static final String STATUSES =
      """
      SELECT agent, run, step, attempt, progress, status, time FROM agent_status ORDER BY agent
      """;

  private final GroupCommitWriter writer;
  private final Jdbc jdbc;
  private final Leases leases;
  private final Commands commands;
  private final MonitoringReads monitoring;
  private final JdbcArbiter arbiter;
  private final AutoCloseable resources;
  private final Retention retention;
  private final Signals signals;

  /**
   * The lease owner this process executes each run as, from the moment it took the lease until it
   * gave it up: every append of such a run is fenced by it (written only while the lease is still
   * that owner's). Bounded by the runs this process executes.
   */
  private final java.util.Map<String, String> fences =
      new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * @param name names the writer thread
   * @param readers pooled connections for reads, leases and commands
   * @param writer opens the group-commit writer's connection, and on SQLite the one kept for claims
   * @param resources closed after the writer has flushed (the pools)
   * @param listener opens a connection that listens for other processes' signals, or null where the
   *     database cannot notify (SQLite)
   */
  public JdbcJournalStore(
      String name,
      SqlDialect dialect,
      DataSource readers,
      ConnectionFactory writer,
      Clock clock,
      AutoCloseable resources,
      ConnectionFactory listener) {
    this.jdbc = new Jdbc(readers);
    this.leases = new Leases(jdbc, dialect, clock);
    this.commands = new Commands(jdbc, dialect, clock);
    this.monitoring = new MonitoringReads(jdbc);
    this.signals = new Signals(listener, name);
    WriteGate gate = WriteGate.of(dialect);
    this.arbiter =
        new JdbcArbiter(
            readers,
            dialect,
            gate,
            writer,
            clock,
            () -> signal(new StoreSignal(StoreSignal.Kind.CLAIM, null)));
    this.resources = resources;
    try {
      this.retention = new Retention(readers, dialect);
      this.writer = new GroupCommitWriter(name, dialect, gate, writer);
    } catch (RuntimeException | Error e) {
      arbiter.close(); // its kept connection, if it opened one; the caller closes the pools
      throw e;
    }
  }

  @Override
  public CompletableFuture<Void> append(Append append) {
    String run = append.run();
    CompletableFuture<Void> done = writer.submit(append, fences.get(run));
    if (append.summary() != null && append.summary().state().finished()) {
      // the append that ends a run gives its lease up in the same commit
      return done.whenComplete((ok, error) -> fences.remove(run));
    }
    return done;
  }

  @Override
  public void append(Append append, Committed committed) {
    String run = append.run();
    if (append.summary() != null && append.summary().state().finished()) {
      writer.submit(
          append,
          fences.get(run),
          failure -> {
            fences.remove(run);
            committed.done(failure);
          });
    } else {
      writer.submit(append, fences.get(run), committed);
    }
  }

  /** The first append and the lease claim go in the same transaction of the writer. */
  @Override
  public CompletableFuture<Void> create(Append first, LeaseOwner owner, Instant until) {
    fences.put(first.run(), owner.toString());
    return writer.create(first, new Pending.Claim(owner.toString(), Columns.micros(until)));
  }

  @Override
  public void create(Append first, LeaseOwner owner, Instant until, Committed committed) {
    fences.put(first.run(), owner.toString());
    writer.create(first, new Pending.Claim(owner.toString(), Columns.micros(until)), committed);
  }

  @Override
  public List<JournalEntry> read(String run, long afterSeq) {
    List<JournalEntry> out = new java.util.ArrayList<>();
    jdbc.each(
        READ,
        ps -> {
          ps.setString(1, run);
          ps.setString(2, run);
          ps.setLong(3, afterSeq + 1);
        },
        rs -> JournalRows.read(run, rs.getLong(1), rs.getLong(2), rs.getString(3), afterSeq, out));
    return out;
  }

  @Override
  public List<RunSummary> runs() {
    return jdbc.query(RUNS, ps -> {}, JdbcJournalStore::summary);
  }

  @Override
  public Optional<RunSummary> run(String run) {
    return jdbc.query(RUN, ps -> ps.setString(1, run), JdbcJournalStore::summary).stream()
        .findFirst();
  }

  @Override
  public List<String> unfinishedRuns() {
    return jdbc.query(UNFINISHED, ps -> {}, rs -> rs.getString(1));
  }

  @Override
  public String acquireLease(String run, LeaseOwner owner, Instant until) {
    String holder = leases.acquire(run, owner, until);
    if (holder.equals(owner.toString())) fences.put(run, holder);
    return holder;
  }

  @Override
  public java.util.Set<String> acquireLeases(List<String> runs, LeaseOwner owner, Instant until) {
    java.util.Set<String> mine = leases.acquireAll(runs, owner, until);
    for (String run : mine) fences.put(run, owner.toString());
    return mine;
  }

  @Override
  public java.util.Map<String, String> leaseHolders() {
    return leases.holders();
  }

  @Override
  public void renewLeases(LeaseOwner owner, Instant until) {
    leases.renew(owner, until);
  }

  @Override
  public java.util.Set<String> takenOver(java.util.Collection<String> runs, LeaseOwner owner) {
    return leases.takenOver(runs, owner);
  }

  @Override
  public java.util.Set<String> executing(java.util.Collection<String> runs) {
    return leases.executing(runs);
  }

  @Override
  public void releaseLease(String run, LeaseOwner owner) {
    fences.remove(run);
    leases.release(run, owner);
  }

  @Override
  public long submit(RunCommand command) {
    long id = commands.submit(command);
    signal(new StoreSignal(StoreSignal.Kind.COMMAND, command.run()));
    return id;
  }

  @Override
  public StoreSignal.Subscription listen(Consumer<StoreSignal> listener) {
    return signals.listen(listener);
  }

  /** Wakes this process's listeners and, where the database can, every other process's. */
  private void signal(StoreSignal signal) {
    signals.local(signal);
    if (!signals.crossProcess()) return;
    try {
      jdbc.query(
          "SELECT pg_notify(?, ?)",
          ps -> {
            ps.setString(1, Signals.CHANNEL);
            ps.setString(2, Signals.payload(signal));
          },
          rs -> 0);
    } catch (RuntimeException e) {
      // a lost signal costs one poll interval, never correctness
      log.debug("could not send a store signal: {}", e.getMessage());
    }
  }

  @Override
  public List<RunCommand> pendingCommands(List<String> runs) {
    return commands.pending(runs);
  }

  @Override
  public void completeCommand(long id) {
    commands.complete(id);
  }

  @Override
  public List<HumanTask> openHumanTasks() {
    return jdbc.query(OPEN_TASKS, ps -> {}, JdbcJournalStore::task);
  }

  @Override
  public Optional<HumanTask> humanTask(String id) {
    return jdbc.query(TASK, ps -> ps.setString(1, id), JdbcJournalStore::task).stream().findFirst();
  }

  @Override
  public List<AgentStatus> agentStatuses() {
    return jdbc.query(STATUSES, ps -> {}, JdbcJournalStore::status);
  }

  @Override
  public List<dev.baton.metrics.AgentMetrics> metrics(long sinceMinute) {
    return monitoring.metrics(sinceMinute);
  }

  @Override
  public List<dev.baton.metrics.Alert> alerts() {
    return monitoring.alerts();
  }

  @Override
  public Optional<dev.baton.resource.ResourceArbiter> arbiter() {
    return Optional.of(arbiter);
  }

  @Override
  public void saveAgent(dev.baton.journal.CreatedAgent agent) {
    arbiter.saveAgent(agent);
  }

  @Override
  public List<dev.baton.journal.CreatedAgent> createdAgents() {
    return arbiter.createdAgents();
  }

  /**
   * Totals since the store was opened: commits, events they carried, and the time spent in them.
   */
  @Override
  public int prune(Instant endedBefore) {
    return retention.prune(endedBefore);
  }

  @Override
  public Stats stats() {
    return writer.stats();
  }

  /**
   * Flushes pending appends, stops the writer thread, closes the claims' connection, then the
   * pools.
   */
  @Override
  public void close() {
    signals.close();
    try {
      writer.close();
    } finally {
      arbiter.close();
    }
    try {
      resources.close();
    } catch (Exception e) {
      throw new dev.baton.BatonException("cannot close the journal store: " + e.getMessage(), e);
    }
  }

  private static RunSummary summary(ResultSet rs) throws SQLException {
    return new RunSummary(
        rs.getString("run"),
        rs.getString("workflow"),
        RunStatus.valueOf(rs.getString("state")),
        rs.getString("priority"),
        Optional.ofNullable(rs.getString("primary_agent")),
        Columns.instant(rs.getLong("started")),
        Columns.instant(rs, "ended"));
  }

  private static HumanTask task(ResultSet rs) throws SQLException {
    String kind = rs.getString("kind");
    return new HumanTask(
        rs.getString("id"),
        rs.getString("run"),
        TaskKind.of(kind).orElseThrow(() -> new IllegalStateException("unknown task kind " + kind)),
        rs.getString("question"),
        Columns.strings(rs.getString("options")),
        Columns.instant(rs.getLong("opened")),
        Optional.ofNullable(rs.getString("decision")).flatMap(HumanAction::of));
  }

  private static AgentStatus status(ResultSet rs) throws SQLException {
    int progress = rs.getInt("progress");
    Integer maybeProgress = rs.wasNull() ? null : progress;
    return new AgentStatus(
        rs.getString("agent"),
        rs.getString("run"),
        rs.getString("step"),
        rs.getInt("attempt"),
        maybeProgress,
        Columns.map(rs.getString("status")),
        Columns.instant(rs.getLong("time")));
  }
}
