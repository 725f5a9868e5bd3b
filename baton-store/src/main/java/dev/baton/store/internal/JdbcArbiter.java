package dev.baton.store.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.baton.BatonException;
import dev.baton.journal.CreatedAgent;
import dev.baton.journal.EventCodec;
import dev.baton.resource.Arbitration;
import dev.baton.resource.Claim;
import dev.baton.resource.Decision;
import dev.baton.resource.Holding;
import dev.baton.resource.Need;
import dev.baton.resource.ResourceArbiter;
import dev.baton.store.SqlDialect;
import dev.baton.workflow.Priority;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The arbiter in the database every process shares (docs/conflicts.md): each decision reads the
 * claims, applies {@link Arbitration#decide} and writes the result in one transaction that no other
 * decision overlaps (SQLite's {@code BEGIN IMMEDIATE}, PostgreSQL's table lock from {@link
 * SqlDialect#lockClaims}). Claims of dead or expired owners are deleted in the same transaction, so
 * nothing stays held by a process that crashed, and the others are signalled. The claims table
 * stays small (running and queued steps only), so reading it whole is cheaper than being clever.
 *
 * <p>A claim's holder names a run's step, not a process: when another process takes the run over,
 * its claim for the step takes the row over too (keeping its place or its grant), provided that
 * process now holds the run's lease. The process that lost the run can then neither take the row
 * back nor release it: it releases only rows that are still its own.
 */
final class JdbcArbiter implements ResourceArbiter {
  private static final TypeReference<List<Need>> NEEDS = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, holder, run, step, owner, lease_until, priority, may_preempt, needs, granted, since, preempted_by";
  private static final String ALL = "SELECT " + COLUMNS + " FROM claims ORDER BY id";
  private static final String INSERT =
      """
      INSERT INTO claims (holder, run, step, owner, lease_until, priority, may_preempt, needs, granted, since)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String GRANT =
      "UPDATE claims SET granted = ?, since = ?, lease_until = ? WHERE holder = ?";
  private static final String PREEMPT = "UPDATE claims SET preempted_by = ? WHERE holder = ?";
  private static final String DELETE = "DELETE FROM claims WHERE holder = ?";
  private static final String DELETE_OWN = "DELETE FROM claims WHERE holder = ? AND owner = ?";
  private static final String MOVE =
      "UPDATE claims SET owner = ?, lease_until = ? WHERE holder = ?";
  private static final String RUN_HOLDER = "SELECT lease_owner FROM runs WHERE run = ?";
  private static final String RENEW = "UPDATE claims SET lease_until = ? WHERE owner = ?";
  private static final String YIELD =
      "SELECT holder FROM claims WHERE owner = ? AND granted IS NOT NULL AND preempted_by IS NOT NULL ORDER BY id";
  private static final String SAVE_AGENT =
      """
      INSERT INTO created_agents (name, template, role, kind, capabilities, run, reason, created)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (name) DO NOTHING
      """;
  private static final String AGENTS =
      "SELECT name, template, role, kind, capabilities, run, reason, created FROM created_agents ORDER BY created, name";

  private final DataSource pool;
  private final SqlDialect dialect;
  private final Jdbc jdbc;
  private final Runnable released;
  private final java.time.Clock clock;

  JdbcArbiter(DataSource pool, SqlDialect dialect, java.time.Clock clock, Runnable released) {
    this.released = released;
    this.clock = clock;
    this.pool = pool;
    this.dialect = dialect;
    this.jdbc = new Jdbc(pool);
  }

  @Override
  public Decision tryAcquire(Claim claim, Instant now, Instant leaseUntil) {
    try (Connection c = pool.getConnection()) {
      dialect.begin(c);
      try {
        dialect.lockClaims(c);
        List<Holding> all = read(c);
        // first the run's new executor takes its step's claim over (a dead owner's included, so a
        // recovered step keeps its slot), then the claims of dead or expired owners go
        Optional<Decision> stale = moveToClaimant(c, all, claim, leaseUntil);
        List<Holding> gone = Arbitration.gone(all, now);
        for (Holding h : gone) delete(c, h.holder());
        List<Holding> live = new ArrayList<>(all);
        live.removeAll(gone);
        if (stale.isPresent()) {
          dialect.commit(c);
          if (!gone.isEmpty()) released.run();
          return stale.get();
        }
        long next = live.stream().mapToLong(Holding::order).max().orElse(0) + 1;
        Arbitration.Result r = Arbitration.decide(live, claim, next, now, leaseUntil);
        boolean known = live.stream().anyMatch(h -> h.holder().equals(claim.holder()));
        if (!known) insert(c, r.claim());
        else if (r.claim().granted()) grant(c, r.claim(), leaseUntil);
        if (r.victim().isPresent()) {
          try (PreparedStatement ps = c.prepareStatement(PREEMPT)) {
            ps.setString(1, claim.holder());
            ps.setString(2, r.victim().get().holder());
            ps.executeUpdate();
          }
        }
        dialect.commit(c);
        if (!gone.isEmpty()) released.run(); // a dead process's slots: waiters elsewhere may go on
        return r.decision();
      } catch (SQLException | RuntimeException e) {
        dialect.rollback(c);
        throw e;
      }
    } catch (SQLException e) {
      throw Jdbc.failure(e);
    }
  }

  /**
   * When the claim's row belongs to another owner (the run's previous executor), moves it to the
   * claimant if the claimant holds the run's lease now, and answers nothing; a claimant that does
   * not hold the lease (it lost the run) is answered Waiting and changes nothing.
   */
  private static Optional<Decision> moveToClaimant(
      Connection c, List<Holding> live, Claim claim, Instant leaseUntil) throws SQLException {
    for (int i = 0; i < live.size(); i++) {
      Holding h = live.get(i);
      if (!h.holder().equals(claim.holder()) || h.owner().equals(claim.owner())) continue;
      if (!claim.owner().equals(runHolder(c, claim.run()))) {
        return Optional.of(new Decision.Waiting(List.of(), List.of(h.holder()), Optional.empty()));
      }
      try (PreparedStatement ps = c.prepareStatement(MOVE)) {
        ps.setString(1, claim.owner());
        ps.setLong(2, Columns.micros(leaseUntil));
        ps.setString(3, claim.holder());
        ps.executeUpdate();
      }
      live.set(i, h.ownedBy(claim.owner(), leaseUntil));
    }
    return Optional.empty();
  }

  private static String runHolder(Connection c, String run) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(RUN_HOLDER)) {
      ps.setString(1, run);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  @Override
  public void release(String holder) {
    if (jdbc.update(DELETE, ps -> ps.setString(1, holder)) > 0) released.run();
  }

  @Override
  public void release(String holder, String owner) {
    int deleted =
        jdbc.update(
            DELETE_OWN,
            ps -> {
              ps.setString(1, holder);
              ps.setString(2, owner);
            });
    if (deleted > 0) released.run();
  }

  /** Every live claim: those of dead or expired owners hold nothing any more and are not shown. */
  @Override
  public List<Holding> holdings() {
    List<Holding> all = jdbc.query(ALL, ps -> {}, JdbcArbiter::holding);
    List<Holding> out = new ArrayList<>(all);
    out.removeAll(Arbitration.gone(all, clock.instant()));
    out.sort((a, b) ->
        a.granted() != b.granted() ? (a.granted() ? -1 : 1) : Arbitration.QUEUE.compare(a, b));
    return out;
  }

  @Override
  public void renew(String owner, Instant until) {
    jdbc.update(
        RENEW,
        ps -> {
          ps.setLong(1, Columns.micros(until));
          ps.setString(2, owner);
        });
  }

  @Override
  public List<String> yieldRequests(String owner) {
    return jdbc.query(YIELD, ps -> ps.setString(1, owner), rs -> rs.getString(1));
  }

  void saveAgent(CreatedAgent a) {
    jdbc.update(
        SAVE_AGENT,
        ps -> {
          ps.setString(1, a.name());
          ps.setString(2, a.template());
          ps.setString(3, a.role());
          ps.setString(4, a.kind());
          ps.setString(5, Columns.json(a.capabilities()));
          ps.setString(6, a.run());
          ps.setString(7, a.reason());
          ps.setLong(8, Columns.micros(a.created()));
        });
  }

  List<CreatedAgent> createdAgents() {
    return jdbc.query(
        AGENTS,
        ps -> {},
        rs ->
            new CreatedAgent(
                rs.getString("name"),
                rs.getString("template"),
                rs.getString("role"),
                rs.getString("kind"),
                Columns.strings(rs.getString("capabilities")),
                rs.getString("run"),
                rs.getString("reason"),
                Columns.instant(rs.getLong("created"))));
  }

  private static List<Holding> read(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ALL);
        ResultSet rs = ps.executeQuery()) {
      List<Holding> out = new ArrayList<>();
      while (rs.next()) out.add(holding(rs));
      return out;
    }
  }

  private static Holding holding(ResultSet rs) throws SQLException {
    long granted = rs.getLong("granted");
    boolean isGranted = !rs.wasNull();
    try {
      return new Holding(
          rs.getLong("id"),
          rs.getString("holder"),
          rs.getString("run"),
          rs.getString("step"),
          rs.getString("owner"),
          Columns.instant(rs.getLong("lease_until")),
          Priority.fromRank(rs.getInt("priority")),
          rs.getInt("may_preempt") != 0,
          EventCodec.mapper().readValue(rs.getString("needs"), NEEDS),
          isGranted,
          Columns.instant(isGranted ? granted : rs.getLong("since")),
          Optional.ofNullable(rs.getString("preempted_by")));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BatonException("cannot decode a stored claim: " + e.getOriginalMessage(), e);
    }
  }

  private static void insert(Connection c, Holding h) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(1, h.holder());
      ps.setString(2, h.run());
      ps.setString(3, h.step());
      ps.setString(4, h.owner());
      ps.setLong(5, Columns.micros(h.leaseUntil()));
      ps.setInt(6, h.priority().rank());
      ps.setInt(7, h.mayPreempt() ? 1 : 0);
      ps.setString(8, Columns.json(h.needs()));
      if (h.granted()) ps.setLong(9, Columns.micros(h.since()));
      else ps.setNull(9, Types.BIGINT);
      ps.setLong(10, Columns.micros(h.since()));
      ps.executeUpdate();
    }
  }

  private static void grant(Connection c, Holding h, Instant leaseUntil) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(GRANT)) {
      ps.setLong(1, Columns.micros(h.since()));
      ps.setLong(2, Columns.micros(h.since()));
      ps.setLong(3, Columns.micros(leaseUntil));
      ps.setString(4, h.holder());
      ps.executeUpdate();
    }
  }

  private static void delete(Connection c, String holder) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(DELETE)) {
      ps.setString(1, holder);
      ps.executeUpdate();
    }
  }
}
