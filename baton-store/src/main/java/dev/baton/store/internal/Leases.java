package dev.baton.store.internal;

import dev.baton.journal.LeaseOwner;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Run leases, kept in the {@code runs} row. Taking a free, expired or own lease is one atomic
 * upsert (the row may not exist yet when a run is claimed before its first append). A lease held by
 * a process of this host that is gone is taken over with an update conditional on the exact old
 * holder, so two processes racing for the same dead holder's run cannot both win.
 */
final class Leases {
  private static final String ACQUIRE =
      """
      INSERT INTO runs (run, lease_owner, lease_until) VALUES (?, ?, ?)
      ON CONFLICT (run) DO UPDATE SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until
      WHERE runs.lease_owner IS NULL OR runs.lease_until <= ? OR runs.lease_owner = excluded.lease_owner
      """;
  private static final String TAKE_OVER =
      """
      UPDATE runs SET lease_owner = ?, lease_until = ? WHERE run = ? AND lease_owner = ?
      """;
  private static final String HOLDER =
      """
      SELECT lease_owner FROM runs WHERE run = ?
      """;
  private static final String HOLDERS =
      """
      SELECT run, lease_owner FROM runs WHERE lease_owner IS NOT NULL AND lease_until > ?
      """;
  private static final String RENEW =
      """
      UPDATE runs SET lease_until = ? WHERE lease_owner = ?
      """;
  private static final String RELEASE =
      """
      UPDATE runs SET lease_owner = NULL, lease_until = NULL WHERE run = ? AND lease_owner = ?
      """;

  private final Jdbc jdbc;
  private final dev.baton.store.SqlDialect dialect;
  private final Clock clock;

  Leases(Jdbc jdbc, dev.baton.store.SqlDialect dialect, Clock clock) {
    this.jdbc = jdbc;
    this.dialect = dialect;
    this.clock = clock;
  }

  /** Run to holder, for every lease held and not expired. */
  java.util.Map<String, String> holders() {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    jdbc.query(
            HOLDERS,
            ps -> ps.setLong(1, Columns.micros(clock.instant())),
            rs -> java.util.Map.entry(rs.getString(1), rs.getString(2)))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * Takes many leases in one transaction (one fsync instead of one per run); the runs it could not
   * take that way (held by another owner, perhaps a dead one) go through {@link #acquire} one by
   * one.
   */
  java.util.Set<String> acquireAll(List<String> runs, LeaseOwner owner, Instant until) {
    String me = owner.toString();
    long now = Columns.micros(clock.instant());
    List<Jdbc.Binder> rows = new java.util.ArrayList<>();
    for (String run : runs) {
      rows.add(ps -> {
        ps.setString(1, run);
        ps.setString(2, me);
        ps.setLong(3, Columns.micros(until));
        ps.setLong(4, now);
      });
    }
    int[] taken = runs.isEmpty() ? new int[0] : jdbc.updateAll(dialect, ACQUIRE, rows);
    java.util.Set<String> mine = new java.util.LinkedHashSet<>();
    for (int i = 0; i < runs.size(); i++) {
      if (taken[i] == 1 || acquire(runs.get(i), owner, until).equals(me)) mine.add(runs.get(i));
    }
    return mine;
  }

  String acquire(String run, LeaseOwner owner, Instant until) {
    String me = owner.toString();
    long now = Columns.micros(clock.instant());
    int taken =
        jdbc.update(
            ACQUIRE,
            ps -> {
              ps.setString(1, run);
              ps.setString(2, me);
              ps.setLong(3, Columns.micros(until));
              ps.setLong(4, now);
            });
    if (taken == 1) return me;
    Optional<String> holder = holder(run);
    if (holder.isEmpty()) return acquire(run, owner, until); // released in between: try again
    boolean dead = LeaseOwner.isDead(holder.get());
    if (dead && takeOver(run, holder.get(), me, until)) return me;
    return holder(run).orElse(holder.get());
  }

  void renew(LeaseOwner owner, Instant until) {
    jdbc.update(
        RENEW,
        ps -> {
          ps.setLong(1, Columns.micros(until));
          ps.setString(2, owner.toString());
        });
  }

  /** The runs among {@code runs} leased to someone else than {@code owner}. */
  java.util.Set<String> takenOver(java.util.Collection<String> runs, LeaseOwner owner) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    if (runs.isEmpty()) return out;
    List<String> all = List.copyOf(runs);
    String sql =
        "SELECT run FROM runs WHERE (lease_owner IS NULL OR lease_owner <> ?) AND run IN ("
            + String.join(", ", java.util.Collections.nCopies(all.size(), "?"))
            + ")";
    out.addAll(
        jdbc.query(
            sql,
            ps -> {
              ps.setString(1, owner.toString());
              for (int i = 0; i < all.size(); i++) ps.setString(i + 2, all.get(i));
            },
            rs -> rs.getString(1)));
    return out;
  }

  /**
   * The runs among {@code runs} whose lease is held, unexpired, by a process not known to be gone.
   */
  java.util.Set<String> executing(java.util.Collection<String> runs) {
    java.util.Set<String> out = new java.util.LinkedHashSet<>();
    if (runs.isEmpty()) return out;
    List<String> all = List.copyOf(runs);
    long now = Columns.micros(clock.instant());
    String sql =
        "SELECT run, lease_owner FROM runs WHERE lease_owner IS NOT NULL AND lease_until > ?"
            + " AND run IN ("
            + String.join(", ", java.util.Collections.nCopies(all.size(), "?"))
            + ")";
    List<String[]> held =
        jdbc.query(
            sql,
            ps -> {
              ps.setLong(1, now);
              for (int i = 0; i < all.size(); i++) ps.setString(i + 2, all.get(i));
            },
            rs -> new String[] {rs.getString(1), rs.getString(2)});
    for (String[] h : held) if (!LeaseOwner.isDead(h[1])) out.add(h[0]);
    return out;
  }

  void release(String run, LeaseOwner owner) {
    jdbc.update(
        RELEASE,
        ps -> {
          ps.setString(1, run);
          ps.setString(2, owner.toString());
        });
  }

  private boolean takeOver(String run, String oldHolder, String me, Instant until) {
    return jdbc.update(
            TAKE_OVER,
            ps -> {
              ps.setString(1, me);
              ps.setLong(2, Columns.micros(until));
              ps.setString(3, run);
              ps.setString(4, oldHolder);
            })
        == 1;
  }

  private Optional<String> holder(String run) {
    List<String> rows = jdbc.query(HOLDER, ps -> ps.setString(1, run), rs -> rs.getString(1));
    return rows.isEmpty() ? Optional.empty() : Optional.ofNullable(rows.getFirst());
  }
}
