package dev.baton.store.internal;

import dev.baton.journal.CommandKind;
import dev.baton.journal.RunCommand;
import dev.baton.store.SqlDialect;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The queue of commands that other processes leave for the process executing a run. Written with
 * single auto-commit statements from any process; SQLite's busy timeout makes a writer in another
 * process wait for the journal writer's short transactions instead of failing.
 */
final class Commands {
  private static final String SUBMIT =
      """
      INSERT INTO commands (run, kind, task, action, args, by_name, note, created)
      VALUES (?, ?, ?, ?, %s, ?, ?, ?)
      RETURNING id
      """;
  private static final String PENDING =
      """
      SELECT id, run, kind, task, action, args, by_name, note, created
      FROM commands WHERE done IS NULL AND run IN (%s) ORDER BY id
      """;
  private static final String COMPLETE =
      """
      UPDATE commands SET done = ? WHERE id = ? AND done IS NULL
      """;

  /** Runs per query: well below the bind-variable limits of both databases. */
  private static final int CHUNK = 500;

  private final Jdbc jdbc;
  private final Clock clock;
  private final String submit;

  Commands(Jdbc jdbc, SqlDialect dialect, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
    this.submit = SUBMIT.formatted(dialect.jsonParameter());
  }

  long submit(RunCommand c) {
    Instant created = clock.instant();
    return jdbc.query(
            submit,
            ps -> {
              ps.setString(1, c.run());
              ps.setString(2, c.kind().word());
              ps.setString(3, c.task());
              ps.setString(4, c.action());
              ps.setString(5, Columns.json(c.args()));
              ps.setString(6, c.by());
              ps.setString(7, c.note());
              ps.setLong(8, Columns.micros(created));
            },
            rs -> rs.getLong(1))
        .getFirst();
  }

  List<RunCommand> pending(List<String> runs) {
    List<RunCommand> out = new ArrayList<>();
    for (int from = 0; from < runs.size(); from += CHUNK) {
      List<String> chunk = runs.subList(from, Math.min(runs.size(), from + CHUNK));
      String sql = PENDING.formatted(String.join(", ", Collections.nCopies(chunk.size(), "?")));
      out.addAll(
          jdbc.query(
              sql,
              ps -> {
                for (int i = 0; i < chunk.size(); i++) ps.setString(i + 1, chunk.get(i));
              },
              Commands::command));
    }
    if (runs.size() > CHUNK) out.sort((a, b) -> Long.compare(a.id(), b.id()));
    return out;
  }

  void complete(long id) {
    jdbc.update(
        COMPLETE,
        ps -> {
          ps.setLong(1, Columns.micros(clock.instant()));
          ps.setLong(2, id);
        });
  }

  private static RunCommand command(ResultSet rs) throws SQLException {
    String kind = rs.getString("kind");
    return new RunCommand(
        rs.getLong("id"),
        rs.getString("run"),
        CommandKind.of(kind)
            .orElseThrow(() -> new IllegalStateException("unknown command kind " + kind)),
        rs.getString("task"),
        rs.getString("action"),
        Columns.strings(rs.getString("args")),
        rs.getString("by_name"),
        rs.getString("note"),
        Columns.instant(rs.getLong("created")));
  }
}
