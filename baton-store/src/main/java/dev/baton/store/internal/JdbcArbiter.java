package dev.baton.store.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.baton.BatonException;
import dev.baton.journal.CreatedAgent;
import dev.baton.journal.EventCodec;
import dev.baton.journal.LeaseOwner;
import dev.baton.resource.Arbitration;
import dev.baton.resource.Claim;
import dev.baton.resource.Decision;
import dev.baton.resource.Holding;
import dev.baton.resource.Need;
import dev.baton.resource.ResourceArbiter;
import dev.baton.store.SqlDialect;
import dev.baton.workflow.Priority;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The arbiter in the database every process shares (docs/conflicts.md): each decision reads the
 * claims that need any of the claim's resources or agent slots, applies {@link Arbitration#decide}
 * and writes the result in one transaction that no other decision on those names overlaps (SQLite's
 * {@code BEGIN IMMEDIATE}, PostgreSQL's advisory locks per name from {@link
 * SqlDialect#lockClaims}). The {@code claim_needs} table indexes claims by name, so a decision
 * costs the same with ten or ten thousand claims on other resources, and decisions on different
 * resources do not wait for each other on PostgreSQL. Claims of dead or expired owners among those
 * read are deleted in the same transaction; the others at most once a {@link #SWEEP_EVERY} by a
 * sweep of their own (an indexed read of expired claims and of the owners), so nothing stays held
 * by a process that crashed, and the others are signalled.
 *
 * <p>A claim's holder names a run's step, not a process: when another process takes the run over,
 * its claim for the step takes the row over too (keeping its place or its grant), provided that
 * process now holds the run's lease. The process that lost the run can then neither take the row
 * back nor release it: it releases only rows that are still its own.
 */
final class JdbcArbiter implements ResourceArbiter, AutoCloseable {
  private static final TypeReference<List<Need>> NEEDS = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, holder, run, step, owner, lease_until, priority, may_preempt, needs, granted, since, preempted_by";
  private static final String ALL = "SELECT " + COLUMNS + " FROM claims ORDER BY id";
  private static final java.time.Duration SWEEP_EVERY = java.time.Duration.ofSeconds(1);

  /** The claims of {@code %s} names (question marks), and the claim's own row. */
  private static final String CONCERNED =
      "SELECT "
          + COLUMNS
          + " FROM claims WHERE holder IN"
          + " (SELECT holder FROM claim_needs WHERE name IN (%s) UNION SELECT ?) ORDER BY id";

  /**
   * Per name of {@code %s} (question marks), owner, queued or not and expired or not: how many
   * claims need it.
   */
  private static final String SLOT_COUNTS =
      "SELECT n.name, c.owner, CASE WHEN c.granted IS NULL THEN 1 ELSE 0 END,"
          + " CASE WHEN c.lease_until < ? THEN 1 ELSE 0 END, COUNT(*)"
          + " FROM claim_needs n JOIN claims c ON c.holder = n.holder WHERE n.name IN (%s)"
          + " GROUP BY 1, 2, 3, 4";

  private static final String HAS_ROW = "SELECT 1 FROM claims WHERE holder = ?";

  private static final String OF_NAME =
      "SELECT "
          + COLUMNS
          + " FROM claims WHERE holder IN (SELECT holder FROM claim_needs WHERE name = ?) ORDER BY id";
  private static final String INSERT_NEED =
      "INSERT INTO claim_needs (name, holder) VALUES (?, ?) ON CONFLICT DO NOTHING";
  private static final String DELETE_NEEDS = "DELETE FROM claim_needs WHERE holder = ?";
  private static final String DELETE_ORPHAN_NEEDS =
      "DELETE FROM claim_needs WHERE holder = ? AND NOT EXISTS"
          + " (SELECT 1 FROM claims WHERE claims.holder = claim_needs.holder)";
  private static final String EXPIRED =
      "SELECT " + COLUMNS + " FROM claims WHERE lease_until < ? ORDER BY id";
  private static final String OWNERS = "SELECT DISTINCT owner FROM claims";
  private static final String OF_OWNER =
      "SELECT " + COLUMNS + " FROM claims WHERE owner = ? ORDER BY id";
  private static final String DELETE_GONE =
      "DELETE FROM claims WHERE holder = ? AND owner = ? AND lease_until = ?";
  private static final String UNINDEXED =
      "SELECT holder, needs FROM claims WHERE NOT EXISTS"
          + " (SELECT 1 FROM claim_needs WHERE claim_needs.holder = claims.holder)";
  private static final String INSERT =
      """
      INSERT INTO claims (holder, run, step, owner, lease_until, priority, may_preempt, needs, granted, since)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;
  private static final String GRANT =
      "UPDATE claims SET granted = ?, since = ?, lease_until = ? WHERE holder = ?";
  private static final String PREEMPT = "UPDATE claims SET preempted_by = ? WHERE holder = ?";
  private static final String DELETE = "DELETE FROM claims WHERE holder = ?";
  private static final String ALL_OF_HOLDER =
      "SELECT " + COLUMNS + " FROM claims WHERE holder = ? ORDER BY id";
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

  private final SqlDialect dialect;
  private final SharedTransactions transactions;
  private final Jdbc jdbc;
  private final Runnable released;
  private final java.time.Clock clock;
  private final java.util.concurrent.atomic.AtomicLong swept =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param keep opens the connection kept for claims where the database lets one writer in at a
   *     time ({@link SharedTransactions})
   */
  JdbcArbiter(
      DataSource pool,
      SqlDialect dialect,
      WriteGate gate,
      ConnectionFactory keep,
      java.time.Clock clock,
      Runnable released) {
    this.released = released;
    this.clock = clock;
    this.dialect = dialect;
    this.jdbc = new Jdbc(pool);
    this.transactions = new SharedTransactions(pool, dialect, gate, keep);
    indexUnindexed();
  }

  /** Closes the connection kept for claims, if any. */
  @Override
  public void close() {
    transactions.close();
  }

  /**
   * Claims written before the store had {@code claim_needs} (a store upgraded while steps were
   * queued or running) get their rows, so that decisions see them.
   */
  private void indexUnindexed() {
    record Unindexed(String holder, String needs) {}
    List<Unindexed> rows =
        jdbc.query(UNINDEXED, ps -> {}, rs -> new Unindexed(rs.getString(1), rs.getString(2)));
    if (rows.isEmpty()) return;
    transactions.run(tx -> {
      for (Unindexed u : rows) insertNeeds(tx, u.holder(), needs(u.needs()));
      return null;
    });
  }

  @Override
  public Decision tryAcquire(Claim claim, Instant now, Instant leaseUntil) {
    return tryAcquire(claim, now, leaseUntil, List.of());
  }

  /** The releases and the decision in one transaction. */
  @Override
  public Decision tryAcquire(
      Claim claim, Instant now, Instant leaseUntil, Collection<String> releasing) {
    Decision d = decide(claim, now, leaseUntil, releasing);
    sweep(now);
    return d;
  }

  private Decision decide(
      Claim claim, Instant now, Instant leaseUntil, Collection<String> releasing) {
    List<String> names = claim.needs().stream().map(Need::name).distinct().toList();
    record Outcome(Decision decision, boolean freed) {}
    Outcome o =
        transactions.run(tx -> {
          // the claim's names are locked first, as every decision locks them (PostgreSQL sorts
          // its advisory locks), then the releases take their rows: a release alone takes
          // those too
          dialect.lockClaims(tx.connection(), names);
          boolean freed = deleteOwn(tx, releasing, claim.owner());
          if (roomWithoutQueue(tx, claim, names, now)) {
            // what the rule decides against no other claim: granted, nobody asked to yield
            Arbitration.Result r = Arbitration.decide(List.of(), claim, 0, now, leaseUntil);
            insert(tx, r.claim());
            return new Outcome(r.decision(), freed);
          }
          List<Holding> all = concerned(tx, names, claim.holder());
          // first the run's new executor takes its step's claim over (a dead owner's included,
          // so a recovered step keeps its slot), then the claims of dead or expired owners go
          Optional<Decision> stale = moveToClaimant(tx, all, claim, leaseUntil);
          List<Holding> gone = Arbitration.gone(all, now);
          for (Holding h : gone) delete(tx, h.holder());
          freed |= !gone.isEmpty();
          if (stale.isPresent()) return new Outcome(stale.get(), freed);
          List<Holding> live = new ArrayList<>(all);
          live.removeAll(gone);
          long next = live.stream().mapToLong(Holding::order).max().orElse(0) + 1;
          Arbitration.Result r = Arbitration.decide(live, claim, next, now, leaseUntil);
          boolean known = live.stream().anyMatch(h -> h.holder().equals(claim.holder()));
          if (!known) insert(tx, r.claim());
          else if (r.claim().granted()) grant(tx, r.claim(), leaseUntil);
          if (r.victim().isPresent()) {
            PreparedStatement ps = tx.prepare(PREEMPT);
            ps.setString(1, claim.holder());
            ps.setString(2, r.victim().get().holder());
            ps.executeUpdate();
          }
          return new Outcome(r.decision(), freed);
        });
    // released slots, or a dead process's: waiters elsewhere may go on
    if (o.freed()) released.run();
    return o.decision();
  }

  /**
   * Whether {@code claim} is new and needs only agent slots in which nobody queues and fewer live
   * claims than its capacity hold a place. {@link Arbitration#decide} grants such a claim whatever
   * the other claims are, and asks nobody to yield, so it is decided without reading them: with
   * many steps on one agent (every run's at c = 32) that read was most of a decision's time, under
   * the write lock. Claims of dead or expired owners are not counted, as the rule does not count
   * them, and are left to the sweep: nobody queues for them to wake. Every other case (the claim
   * has a row, an exclusive or shared need, a queue, a full slot) takes the whole decision.
   */
  private static boolean roomWithoutQueue(
      SharedTransactions.Tx tx, Claim claim, List<String> names, Instant now) throws SQLException {
    if (names.isEmpty()) return false;
    java.util.Map<String, Integer> capacity = new java.util.HashMap<>();
    for (Need n : claim.needs()) {
      if (n.mode() != Need.Mode.SLOT) return false;
      capacity.merge(n.name(), n.capacity(), Math::min);
    }
    PreparedStatement own = tx.prepare(HAS_ROW);
    own.setString(1, claim.holder());
    try (ResultSet rs = own.executeQuery()) {
      if (rs.next()) return false;
    }
    String marks = String.join(", ", java.util.Collections.nCopies(names.size(), "?"));
    PreparedStatement ps = tx.prepare(SLOT_COUNTS.formatted(marks));
    long at = Columns.micros(now);
    ps.setLong(1, at);
    int i = 2;
    for (String name : names) ps.setString(i++, name);
    java.util.Map<String, Integer> held = new java.util.HashMap<>();
    java.util.Map<String, Boolean> dead = new java.util.HashMap<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        if (rs.getInt(3) != 0) return false; // a queue: its order decides
        if (rs.getInt(4) != 0) continue; // expired
        String owner = rs.getString(2);
        if (dead.computeIfAbsent(owner, LeaseOwner::isDead)) continue;
        held.merge(rs.getString(1), rs.getInt(5), Integer::sum);
      }
    }
    for (var slot : capacity.entrySet())
      if (held.getOrDefault(slot.getKey(), 0) >= slot.getValue()) return false;
    return true;
  }

  /** The claims that need any of {@code names}, and {@code holder}'s own, in arrival order. */
  private static List<Holding> concerned(
      SharedTransactions.Tx tx, List<String> names, String holder) throws SQLException {
    String marks = String.join(", ", java.util.Collections.nCopies(names.size(), "?"));
    String sql = names.isEmpty() ? ALL_OF_HOLDER : CONCERNED.formatted(marks);
    PreparedStatement ps = tx.prepare(sql);
    int i = 1;
    for (String name : names) ps.setString(i++, name);
    ps.setString(i, holder);
    try (ResultSet rs = ps.executeQuery()) {
      List<Holding> out = new ArrayList<>();
      while (rs.next()) out.add(holding(rs));
      return out;
    }
  }

  /**
   * Deletes the claims of dead or expired owners that no decision read (on resources nobody asked
   * for since), at most once a {@link #SWEEP_EVERY} per process: expired ones through the index on
   * their lease, dead ones by owner. A row is deleted only if it is still as read (a new executor
   * may have taken it over meanwhile).
   */
  private void sweep(Instant now) {
    long at = now.toEpochMilli();
    long last = swept.get();
    if (at - last < SWEEP_EVERY.toMillis() || !swept.compareAndSet(last, at)) return;
    List<Holding> candidates =
        new ArrayList<>(
            jdbc.query(EXPIRED, ps -> ps.setLong(1, Columns.micros(now)), JdbcArbiter::holding));
    for (String owner : jdbc.query(OWNERS, ps -> {}, rs -> rs.getString(1))) {
      if (LeaseOwner.isDead(owner))
        candidates.addAll(jdbc.query(OF_OWNER, ps -> ps.setString(1, owner), JdbcArbiter::holding));
    }
    int deleted = 0;
    for (Holding h : Arbitration.gone(candidates, now)) {
      int n =
          jdbc.update(
              DELETE_GONE,
              ps -> {
                ps.setString(1, h.holder());
                ps.setString(2, h.owner());
                ps.setLong(3, Columns.micros(h.leaseUntil()));
              });
      if (n > 0) {
        jdbc.update(DELETE_ORPHAN_NEEDS, ps -> ps.setString(1, h.holder()));
        deleted += n;
      }
    }
    if (deleted > 0) released.run();
  }

  /**
   * When the claim's row belongs to another owner (the run's previous executor), moves it to the
   * claimant if the claimant holds the run's lease now, and answers nothing; a claimant that does
   * not hold the lease (it lost the run) is answered Waiting and changes nothing.
   */
  private static Optional<Decision> moveToClaimant(
      SharedTransactions.Tx tx, List<Holding> live, Claim claim, Instant leaseUntil)
      throws SQLException {
    for (int i = 0; i < live.size(); i++) {
      Holding h = live.get(i);
      if (!h.holder().equals(claim.holder()) || h.owner().equals(claim.owner())) continue;
      if (!claim.owner().equals(runHolder(tx, claim.run()))) {
        return Optional.of(new Decision.Waiting(List.of(), List.of(h.holder()), Optional.empty()));
      }
      PreparedStatement ps = tx.prepare(MOVE);
      ps.setString(1, claim.owner());
      ps.setLong(2, Columns.micros(leaseUntil));
      ps.setString(3, claim.holder());
      ps.executeUpdate();
      live.set(i, h.ownedBy(claim.owner(), leaseUntil));
    }
    return Optional.empty();
  }

  private static String runHolder(SharedTransactions.Tx tx, String run) throws SQLException {
    PreparedStatement ps = tx.prepare(RUN_HOLDER);
    ps.setString(1, run);
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? rs.getString(1) : null;
    }
  }

  @Override
  public void release(String holder) {
    boolean deleted =
        transactions.run(tx -> {
          PreparedStatement ps = tx.prepare(DELETE);
          ps.setString(1, holder);
          if (ps.executeUpdate() == 0) return false;
          deleteNeeds(tx, holder);
          return true;
        });
    if (deleted) released.run();
  }

  @Override
  public void release(String holder, String owner) {
    releaseAll(List.of(holder), owner);
  }

  /** The claims of {@code owner} among {@code holders}, and their needs, in one transaction. */
  @Override
  public void releaseAll(Collection<String> holders, String owner) {
    if (holders.isEmpty()) return;
    if (transactions.run(tx -> deleteOwn(tx, holders, owner))) released.run();
  }

  /**
   * Deletes the claims of {@code owner} among {@code holders}, and their needs; whether any went.
   */
  private static boolean deleteOwn(
      SharedTransactions.Tx tx, Collection<String> holders, String owner) throws SQLException {
    if (holders.isEmpty()) return false;
    boolean any = false;
    PreparedStatement ps = tx.prepare(DELETE_OWN);
    for (String holder : holders) {
      ps.setString(1, holder);
      ps.setString(2, owner);
      if (ps.executeUpdate() > 0) {
        deleteNeeds(tx, holder);
        any = true;
      }
    }
    return any;
  }

  private static void deleteNeeds(SharedTransactions.Tx tx, String holder) throws SQLException {
    PreparedStatement ps = tx.prepare(DELETE_ORPHAN_NEEDS);
    ps.setString(1, holder);
    ps.executeUpdate();
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

  /** The live claims that need {@code name}, through the index of needs. */
  @Override
  public List<Holding> holdings(String name) {
    List<Holding> all = jdbc.query(OF_NAME, ps -> ps.setString(1, name), JdbcArbiter::holding);
    List<Holding> out = new ArrayList<>(all);
    out.removeAll(Arbitration.gone(all, clock.instant()));
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

  /**
   * The claims' needs as decoded before, by their stored text: the claims of one agent or resource
   * mostly need the same, and a decision reads every claim that shares a name with its own.
   */
  private static final java.util.Map<String, List<Need>> DECODED =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static final int DECODED_MAX = 1024;

  /** A row of {@link #COLUMNS}, by position. */
  private static Holding holding(ResultSet rs) throws SQLException {
    long granted = rs.getLong(10);
    boolean isGranted = !rs.wasNull();
    return new Holding(
        rs.getLong(1),
        rs.getString(2),
        rs.getString(3),
        rs.getString(4),
        rs.getString(5),
        Columns.instant(rs.getLong(6)),
        Priority.fromRank(rs.getInt(7)),
        rs.getInt(8) != 0,
        needs(rs.getString(9)),
        isGranted,
        Columns.instant(isGranted ? granted : rs.getLong(11)),
        Optional.ofNullable(rs.getString(12)));
  }

  private static List<Need> needs(String json) {
    List<Need> known = DECODED.get(json);
    if (known != null) return known;
    try {
      List<Need> needs = List.copyOf(EventCodec.mapper().readValue(json, NEEDS));
      if (DECODED.size() >= DECODED_MAX) DECODED.clear();
      DECODED.put(json, needs);
      return needs;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new BatonException("cannot decode a stored claim: " + e.getOriginalMessage(), e);
    }
  }

  private static void insert(SharedTransactions.Tx tx, Holding h) throws SQLException {
    PreparedStatement ps = tx.prepare(INSERT);
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
    insertNeeds(tx, h.holder(), h.needs());
  }

  private static void insertNeeds(SharedTransactions.Tx tx, String holder, List<Need> needs)
      throws SQLException {
    PreparedStatement ps = tx.prepare(INSERT_NEED);
    for (String name : needs.stream().map(Need::name).distinct().toList()) {
      ps.setString(1, name);
      ps.setString(2, holder);
      ps.addBatch();
    }
    ps.executeBatch();
  }

  private static void grant(SharedTransactions.Tx tx, Holding h, Instant leaseUntil)
      throws SQLException {
    PreparedStatement ps = tx.prepare(GRANT);
    ps.setLong(1, Columns.micros(h.since()));
    ps.setLong(2, Columns.micros(h.since()));
    ps.setLong(3, Columns.micros(leaseUntil));
    ps.setString(4, h.holder());
    ps.executeUpdate();
  }

  private static void delete(SharedTransactions.Tx tx, String holder) throws SQLException {
    for (String sql : List.of(DELETE, DELETE_NEEDS)) {
      PreparedStatement ps = tx.prepare(sql);
      ps.setString(1, holder);
      ps.executeUpdate();
    }
  }
}
