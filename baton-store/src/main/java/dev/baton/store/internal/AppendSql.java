package dev.baton.store.internal;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.StorableText;
import dev.baton.run.RunSummary;
import dev.baton.store.JournalRows;
import dev.baton.store.SqlDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The writer's connection and its prepared statements, reused flush after flush. One flush is one
 * transaction: every pending append as one row of events ({@link JournalRows}) in one JDBC batch,
 * then the run summaries, then the projections (human tasks, agents' latest status, metric buckets
 * and alerts) derived from those events.
 */
final class AppendSql implements AutoCloseable {
  private static final String INSERT_EVENT =
      """
      INSERT INTO events (run, seq, time, type, data) VALUES (?, ?, ?, ?, %s)
      """;

  /** A new run's lease rides in its first append; the append that ends a run gives its lease up. */
  private static final String UPSERT_RUN =
      """
      INSERT INTO runs (run, workflow, state, priority, primary_agent, started, ended, lease_owner, lease_until)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (run) DO UPDATE SET
        workflow = excluded.workflow, state = excluded.state, priority = excluded.priority,
        primary_agent = excluded.primary_agent, started = excluded.started, ended = excluded.ended,
        lease_owner = CASE WHEN excluded.lease_owner IS NOT NULL THEN excluded.lease_owner
                           WHEN excluded.state IN (%1$s) THEN NULL ELSE runs.lease_owner END,
        lease_until = CASE WHEN excluded.lease_owner IS NOT NULL THEN excluded.lease_until
                           WHEN excluded.state IN (%1$s) THEN NULL ELSE runs.lease_until END
      """
          .formatted(
              java.util.Arrays.stream(dev.baton.run.RunStatus.values())
                  .filter(dev.baton.run.RunStatus::finished)
                  .map(s -> "'" + s.name() + "'")
                  .collect(java.util.stream.Collectors.joining(", ")));

  private static final String OPEN_TASK =
      """
      INSERT INTO human_tasks (id, run, kind, question, options, step, reason, opened)
      VALUES (?, ?, ?, ?, %s, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET
        run = excluded.run, kind = excluded.kind, question = excluded.question, options = excluded.options,
        step = excluded.step, reason = excluded.reason, opened = excluded.opened,
        decision = NULL, args = NULL, by_name = NULL, note = NULL, resolved = NULL
      """;
  private static final String RESOLVE_TASK =
      """
      UPDATE human_tasks SET decision = ?, args = %s, by_name = ?, note = ?, resolved = ? WHERE id = ?
      """;
  private static final String UPSERT_STATUS =
      """
      INSERT INTO agent_status (agent, run, step, attempt, progress, status, time) VALUES (?, ?, ?, ?, ?, %s, ?)
      ON CONFLICT (agent) DO UPDATE SET
        run = excluded.run, step = excluded.step, attempt = excluded.attempt,
        progress = excluded.progress, status = excluded.status, time = excluded.time
      """;
  private static final String LAST_ROW =
      """
      SELECT seq, data FROM events WHERE run = ? ORDER BY seq DESC LIMIT 1
      """;
  private static final String EVENT_EXISTS =
      """
      SELECT 1 FROM events WHERE run = ? AND seq = ?
      """;

  private final SqlDialect dialect;
  private final WriteGate gate;
  private final Connection c;
  private final SqlDialect.Transactions transactions;
  private final PreparedStatement insertEvent;
  private final PreparedStatement upsertRun;
  private final PreparedStatement openTask;
  private final PreparedStatement resolveTask;
  private final PreparedStatement upsertStatus;
  private final MonitoringSql monitoring; // metric buckets and alerts (docs/monitoring.md)
  private static final int CACHED_FENCES = 64;
  private final PreparedStatement[] fenceStatements = new PreparedStatement[CACHED_FENCES + 1];

  /**
   * Where the database says whether another connection has committed since this one last asked
   * ({@link SqlDialect#othersCommittedQuery}): then the leases below are known without reading
   * them. Null where it cannot say (PostgreSQL), and every fence is read.
   */
  private final PreparedStatement othersCommitted;

  /** The value {@link #othersCommitted} answered last; the leases below hold as long as it does. */
  private long othersCommittedLast = Long.MIN_VALUE;

  /**
   * Runs whose lease this connection has seen held by an owner since another connection last
   * committed: read by a fence, or written here (a run's creation takes its lease, its end gives it
   * up). Bounded: at {@link #KNOWN_LEASES} it is forgotten and read again.
   */
  private final Map<String, String> knownLeases = new java.util.HashMap<>();

  private static final int KNOWN_LEASES = 10_000;

  /**
   * Prepares the writer's statements on {@code c}, which it then owns: should one fail to prepare,
   * {@code c} is closed (with what was prepared on it) before the failure is thrown.
   */
  AppendSql(SqlDialect dialect, WriteGate gate, Connection c) throws SQLException {
    this.gate = gate;
    this.dialect = dialect;
    this.c = c;
    try {
      this.transactions = dialect.transactions(c);
      String json = dialect.jsonParameter();
      this.insertEvent = c.prepareStatement(INSERT_EVENT.formatted(json));
      this.upsertRun = c.prepareStatement(UPSERT_RUN);
      this.openTask = c.prepareStatement(OPEN_TASK.formatted(json));
      this.resolveTask = c.prepareStatement(RESOLVE_TASK.formatted(json));
      this.upsertStatus = c.prepareStatement(UPSERT_STATUS.formatted(json));
      this.monitoring = new MonitoringSql(c);
      String others = dialect.othersCommittedQuery();
      this.othersCommitted = others == null ? null : c.prepareStatement(others);
    } catch (SQLException | RuntimeException e) {
      try {
        c.close();
      } catch (SQLException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * Writes the appends in one transaction; on failure the transaction is rolled back and the
   * exception thrown.
   */
  void write(List<Pending> batch) throws SQLException {
    gate.enter();
    try {
      transaction(batch);
    } finally {
      gate.exit();
    }
  }

  private void transaction(List<Pending> batch) throws SQLException {
    transactions.begin();
    try {
      checkFences(batch);
      for (Pending p : batch) addEvents(p);
      insertEvent.executeBatch();
      int runs = 0, tasks = 0, resolutions = 0, statuses = 0;
      for (Pending p : batch) {
        if (p.append().summary() != null) {
          addRun(p.append().summary(), p.claim());
          runs++;
        }
        for (JournalEntry e : p.append().entries()) {
          switch (e.event()) {
            case Event.HumanTaskOpened o -> {
              addOpened(e, o);
              tasks++;
            }
            case Event.HumanTaskResolved r -> {
              addResolved(e, r);
              resolutions++;
            }
            case Event.StatusReported s -> {
              addStatus(e, s);
              statuses++;
            }
            default -> {}
          }
        }
      }
      if (runs > 0) upsertRun.executeBatch();
      if (tasks > 0) openTask.executeBatch();
      if (resolutions > 0) resolveTask.executeBatch();
      if (statuses > 0) upsertStatus.executeBatch();
      for (Pending p : batch) monitoring.add(p.append().entries());
      monitoring.execute();
      transactions.commit();
      knowLeases(batch);
      // a finished run's metrics tracker is not kept: late feedback folds it again from the journal
      for (Pending p : batch) {
        if (p.append().summary() != null && p.append().summary().state().finished())
          monitoring.forget(p.append().run());
      }
    } catch (SQLException | RuntimeException e) {
      knownLeases.clear();
      clearBatches();
      monitoring.discard(batch.stream().map(p -> p.append().run()).toList());
      try {
        transactions.rollback();
      } catch (SQLException r) {
        e.addSuppressed(r);
      }
      throw e;
    }
  }

  /**
   * The appends that cannot be written: a row's key (its run and first seq) already stored, or
   * repeated earlier in the batch. Keys are the only thing the database refuses as duplicates; the
   * writer keeps the seqs between them contiguous.
   */
  List<Pending> conflicts(List<Pending> batch) throws SQLException {
    List<Pending> offenders = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    try (PreparedStatement exists = c.prepareStatement(EVENT_EXISTS)) {
      for (Pending p : batch) {
        if (p.append().entries().isEmpty()) continue;
        JournalEntry first = p.append().entries().getFirst();
        if (!seen.add(first.run() + '\u0000' + first.seq()) || stored(exists, first))
          offenders.add(p);
      }
    }
    return offenders;
  }

  /** The run's last stored seq, 0 when it has none. */
  long lastSeq(String run) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(LAST_ROW)) {
      ps.setString(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? JournalRows.lastSeq(rs.getLong(1), rs.getString(2)) : 0;
      }
    }
  }

  private static boolean stored(PreparedStatement exists, JournalEntry e) throws SQLException {
    exists.setString(1, e.run());
    exists.setLong(2, e.seq());
    try (ResultSet rs = exists.executeQuery()) {
      return rs.next();
    }
  }

  private void addEvents(Pending p) throws SQLException {
    List<JournalEntry> entries = p.append().entries();
    if (entries.isEmpty()) return;
    JournalEntry first = entries.getFirst();
    insertEvent.setString(1, first.run());
    insertEvent.setLong(2, first.seq());
    insertEvent.setLong(3, Columns.micros(first.time()));
    insertEvent.setString(4, first.event().type());
    insertEvent.setString(5, p.row());
    insertEvent.addBatch();
  }

  private void addRun(RunSummary s, Pending.Claim claim) throws SQLException {
    upsertRun.setString(1, s.run());
    upsertRun.setString(2, s.workflow());
    upsertRun.setString(3, s.state().name());
    upsertRun.setString(4, s.priority());
    upsertRun.setString(5, s.primary().orElse(null));
    upsertRun.setLong(6, Columns.micros(s.started()));
    Columns.setInstant(upsertRun, 7, s.ended());
    if (claim == null) {
      upsertRun.setNull(8, java.sql.Types.VARCHAR);
      upsertRun.setNull(9, java.sql.Types.BIGINT);
    } else {
      upsertRun.setString(8, claim.owner());
      upsertRun.setLong(9, claim.untilMicros());
    }
    upsertRun.addBatch();
  }

  private void addOpened(JournalEntry e, Event.HumanTaskOpened o) throws SQLException {
    openTask.setString(1, o.task());
    openTask.setString(2, e.run());
    openTask.setString(3, o.kind() == null ? "" : o.kind().word());
    openTask.setString(4, StorableText.of(Columns.orEmpty(o.question())));
    openTask.setString(5, Columns.json(o.options() == null ? List.of() : o.options()));
    openTask.setString(6, o.step());
    openTask.setString(7, StorableText.of(o.reason()));
    openTask.setLong(8, Columns.micros(e.time()));
    openTask.addBatch();
  }

  private void addResolved(JournalEntry e, Event.HumanTaskResolved r) throws SQLException {
    resolveTask.setString(1, StorableText.of(r.decision() == null ? "" : r.decision().word()));
    resolveTask.setString(2, Columns.json(r.args() == null ? List.of() : r.args()));
    resolveTask.setString(3, StorableText.of(r.by()));
    resolveTask.setString(4, StorableText.of(r.note()));
    resolveTask.setLong(5, Columns.micros(e.time()));
    resolveTask.setString(6, r.task());
    resolveTask.addBatch();
  }

  private void addStatus(JournalEntry e, Event.StatusReported s) throws SQLException {
    upsertStatus.setString(1, s.agent());
    upsertStatus.setString(2, e.run());
    upsertStatus.setString(3, s.step());
    upsertStatus.setInt(4, s.attempt());
    Columns.setInteger(upsertStatus, 5, s.progress());
    upsertStatus.setString(6, s.status() == null ? null : Columns.json(s.status()));
    upsertStatus.setLong(7, Columns.micros(e.time()));
    upsertStatus.addBatch();
  }

  private void clearBatches() {
    for (PreparedStatement ps :
        List.of(insertEvent, upsertRun, openTask, resolveTask, upsertStatus)) {
      try {
        ps.clearBatch();
      } catch (SQLException ignored) {
        // the connection is being given up anyway when this fails
      }
    }
  }

  @Override
  public void close() {
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing a broken connection: nothing to keep
    }
  }

  /**
   * Refused when the run's lease is no longer the fence's owner. Thrown inside the writer's
   * transaction, which is then rolled back; the writer fails those runs' appends and writes the
   * rest.
   */
  static final class LeaseLost extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient Set<String> runs;

    LeaseLost(Set<String> runs) {
      super("lease lost for " + runs);
      this.runs = runs;
    }

    Set<String> runs() {
      return runs;
    }
  }

  /**
   * The fencing check: every fenced append's run must still be leased to its fence, read in the
   * writer's transaction (SQLite's write lock, PostgreSQL's row locks), so a process that lost a
   * run's lease while paused can never record over the newer owner.
   */
  private void checkFences(List<Pending> batch) throws SQLException {
    Map<String, String> fences = new LinkedHashMap<>();
    for (Pending p : batch) if (p.fence() != null) fences.put(p.append().run(), p.fence());
    if (fences.isEmpty()) return;
    if (othersCommitted()) knownLeases.clear();
    // a lease this connection knows its fence to hold needs no read: nobody else has committed
    fences.entrySet().removeIf(f -> f.getValue().equals(knownLeases.get(f.getKey())));
    if (fences.isEmpty()) return;
    if (knownLeases.size() + fences.size() > KNOWN_LEASES) knownLeases.clear();
    Set<String> lost = new LinkedHashSet<>(fences.keySet());
    List<String> runs = new ArrayList<>(fences.keySet());
    PreparedStatement ps = fenceStatement(runs.size());
    for (int i = 0; i < runs.size(); i++) ps.setString(i + 1, runs.get(i));
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String run = rs.getString(1);
        if (fences.get(run).equals(rs.getString(2))) {
          lost.remove(run);
          knownLeases.put(run, fences.get(run));
        }
      }
    } finally {
      if (runs.size() > CACHED_FENCES) ps.close();
    }
    if (!lost.isEmpty()) throw new LeaseLost(lost);
  }

  /**
   * True when another connection has committed to the database since this one last asked (always
   * where the database cannot say). Asked inside the writer's transaction, which holds the write
   * lock: nothing else commits between the answer and this transaction's end.
   */
  private boolean othersCommitted() throws SQLException {
    if (othersCommitted == null) return true;
    long now;
    try (ResultSet rs = othersCommitted.executeQuery()) {
      if (!rs.next()) return true;
      now = rs.getLong(1);
    }
    boolean changed = now != othersCommittedLast;
    othersCommittedLast = now;
    return changed;
  }

  /**
   * After a commit: the leases it wrote. A new run's lease is its claim's owner; a finished run has
   * none (the fence then reads that, and refuses).
   */
  private void knowLeases(List<Pending> batch) {
    if (knownLeases.size() + batch.size() > KNOWN_LEASES) knownLeases.clear();
    for (Pending p : batch) {
      RunSummary s = p.append().summary();
      if (s == null) continue;
      if (p.claim() != null) knownLeases.put(s.run(), p.claim().owner());
      else if (s.state().finished()) knownLeases.remove(s.run());
    }
  }

  /**
   * The fencing query for {@code n} runs: prepared once per size up to {@link #CACHED_FENCES}
   * (preparing it was a fifth of a small commit's time), closed with the connection.
   */
  private PreparedStatement fenceStatement(int n) throws SQLException {
    if (n <= CACHED_FENCES && fenceStatements[n] != null) return fenceStatements[n];
    PreparedStatement ps =
        c.prepareStatement(
            "SELECT run, lease_owner FROM runs WHERE run IN ("
                + String.join(", ", Collections.nCopies(n, "?"))
                + ")"
                + dialect.lockRows());
    if (n <= CACHED_FENCES) fenceStatements[n] = ps;
    return ps;
  }
}
