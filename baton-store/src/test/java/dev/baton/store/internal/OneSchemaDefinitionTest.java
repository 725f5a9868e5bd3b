package dev.baton.store.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import dev.baton.store.JournalStore;
import dev.baton.store.LocalPostgres;
import dev.baton.store.PostgresDialect;
import dev.baton.store.RunJournal;
import dev.baton.store.SqlDialect;
import dev.baton.store.SqliteDialect;
import dev.baton.store.Stores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.migration.JavaMigration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteDataSource;

/**
 * The schema is written once ({@link Schema}) and stores made before that keep working: the scripts
 * each dialect released are kept under {@code legacy-schema/}, a store is built with them exactly
 * as Baton did then (same Flyway history), and the current code opens it, moves its checksums and
 * finds the very same tables and indexes as a store created today.
 */
class OneSchemaDefinitionTest {
  private static final Instant T = Instant.parse("2026-11-30T10:00:00Z");

  @TempDir Path dir;

  @Test
  void the_released_checksums_are_those_of_the_released_scripts() throws IOException {
    for (String dialect : List.of("sqlite", "postgresql")) {
      List<Integer> sums = new ArrayList<>();
      for (String script : released(dialect)) sums.add(SchemaCheck.checksum(script));
      assertThat(sums).as(dialect).isEqualTo(Schema.RELEASED_PER_DIALECT.get(dialect));
    }
  }

  @Test
  void a_sqlite_store_made_by_the_released_scripts_opens_and_has_the_same_schema_as_a_new_one()
      throws Exception {
    Path old = dir.resolve("old.db");
    Path fresh = dir.resolve("new.db");
    SqliteDialect dialect = new SqliteDialect();
    createWithReleasedScripts(sqlite(old), dialect);
    try (JournalStore store = Stores.sqlite(old, Clock.systemUTC())) {
      assertAppendsAndReads(store);
    }
    try (JournalStore store = Stores.sqlite(fresh, Clock.systemUTC())) {
      assertThat(store.runs()).isEmpty();
    }
    assertThat(checksums(sqlite(old))).isEqualTo(currentChecksums(dialect));
    assertThat(SchemaCheck.current(sqlite(old), dialect)).isTrue();
    assertThat(sqliteSchema(sqlite(old))).isEqualTo(sqliteSchema(sqlite(fresh))).isNotEmpty();
  }

  @Test
  void a_postgres_store_made_by_the_released_scripts_opens_and_has_the_same_schema_as_a_new_one()
      throws Exception {
    String old = LocalPostgres.get().newDatabase();
    String fresh = LocalPostgres.get().newDatabase();
    PostgresDialect dialect = new PostgresDialect();
    createWithReleasedScripts(postgres(old), dialect);
    try (JournalStore store = Stores.open(old, Clock.systemUTC())) {
      assertAppendsAndReads(store);
    }
    try (JournalStore store = Stores.open(fresh, Clock.systemUTC())) {
      assertThat(store.runs()).isEmpty();
    }
    assertThat(checksums(postgres(old))).isEqualTo(currentChecksums(dialect));
    assertThat(postgresSchema(postgres(old)))
        .isEqualTo(postgresSchema(postgres(fresh)))
        .isNotEmpty();
  }

  @Test
  void a_store_whose_history_differs_from_every_released_script_is_still_refused()
      throws Exception {
    Path file = dir.resolve("changed.db");
    DataSource ds = sqlite(file);
    createWithReleasedScripts(ds, new SqliteDialect());
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute("UPDATE baton_schema_history SET checksum = 42 WHERE version = '2'");
    }
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Stores.sqlite(file).close())
        .hasMessageContaining("cannot migrate the store's schema");
  }

  @Test
  void a_sqlite_store_of_a_newer_baton_is_refused_and_left_as_it_is() throws Exception {
    Path file = dir.resolve("newer.db");
    Stores.sqlite(file).close();
    DataSource ds = sqlite(file);
    int next = Schema.scripts(new SqliteDialect()).size() + 1;
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "INSERT INTO baton_schema_history (installed_rank, version, description, type, script,"
              + " checksum, installed_by, execution_time, success) VALUES (99, '"
              + next
              + "', 'next', 'JDBC', 'next', 1, 'baton', 0, 1)");
    }
    List<String> before = sqliteSchema(ds);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> Stores.sqlite(file).close())
        .hasMessageContaining("cannot migrate the store's schema")
        .hasMessageContaining("at version " + next + ", newer than this Baton's");
    assertThat(sqliteSchema(ds)).isEqualTo(before);
  }

  @Test
  void a_journal_written_before_version_5_keeps_every_event_in_order_as_an_ordinary_table()
      throws Exception {
    // three runs' journals, appended interleaved as a busy process does, by today's store
    Path today = dir.resolve("today.db");
    Map<String, List<JournalEntry>> written = new TreeMap<>();
    try (JournalStore store = Stores.sqlite(today, Clock.systemUTC())) {
      for (int seq = 1; seq <= 20; seq++)
        for (String run : List.of("r1", "r2", "r3")) {
          JournalEntry e =
              new JournalEntry(
                  run,
                  seq,
                  T.plusMillis(seq),
                  new Event.StepQueued("phase", "step-" + seq, "agent", "x".repeat(seq * 50)));
          RunSummary summary =
              new RunSummary(
                  run, "w", RunStatus.RUNNING, "normal", Optional.empty(), T, Optional.empty());
          store.append(new RunJournal.Append(run, List.of(e), summary)).join();
        }
      for (String run : List.of("r1", "r2", "r3")) written.put(run, store.read(run, 0));
    }
    // the same rows in a store at version 4, where the journal was keyed by (run, seq) alone
    Path old = dir.resolve("v4.db");
    DataSource ds = sqlite(old);
    migrateWith(ds, "sqlite", Schema.scripts(new SqliteDialect()).subList(0, 4));
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute("ATTACH DATABASE '" + today + "' AS today");
      st.execute("INSERT INTO events SELECT run, seq, time, type, data FROM today.events");
      st.execute("DETACH DATABASE today");
    }
    assertThat(rows(ds, "SELECT sql FROM sqlite_master WHERE name = 'events'").get(0))
        .contains("WITHOUT ROWID");

    try (JournalStore store = Stores.sqlite(old, Clock.systemUTC())) {
      for (var run : written.entrySet())
        assertThat(store.read(run.getKey(), 0)).as(run.getKey()).isEqualTo(run.getValue());
    }
    assertThat(rows(ds, "SELECT sql FROM sqlite_master WHERE name = 'events'").get(0))
        .doesNotContain("WITHOUT ROWID");
    assertThat(checksums(ds)).isEqualTo(currentChecksums(new SqliteDialect()));
  }

  private static void assertAppendsAndReads(JournalStore store) {
    JournalEntry entry = new JournalEntry("r1", 1, T, new Event.StepQueued("a", "b", "c", "ready"));
    RunSummary summary =
        new RunSummary(
            "r1", "w", RunStatus.RUNNING, "normal", Optional.empty(), T, Optional.empty());
    store.append(new RunJournal.Append("r1", List.of(entry), summary)).join();
    assertThat(store.read("r1", 0)).containsExactly(entry);
    assertThat(store.runs()).extracting(RunSummary::run).containsExactly("r1");
  }

  private static List<String> released(String dialect) throws IOException {
    List<String> scripts = new ArrayList<>();
    for (int v = 1; v <= 3; v++) {
      try (InputStream in =
          OneSchemaDefinitionTest.class.getResourceAsStream(
              "/legacy-schema/" + dialect + "-V" + v + ".sql")) {
        scripts.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return scripts;
  }

  /** As Baton migrated a new store before the schema had one definition. */
  private static void createWithReleasedScripts(DataSource ds, SqlDialect dialect)
      throws IOException {
    migrateWith(ds, dialect.name(), released(dialect.name()));
  }

  /** Versions 1, 2, … of a store made with these scripts, through Flyway as Baton did. */
  private static void migrateWith(DataSource ds, String dialect, List<String> scripts) {
    JavaMigration[] migrations =
        IntStream.range(0, scripts.size())
            .mapToObj(i -> new Migrations.Script(i + 1, dialect, scripts.get(i)))
            .toArray(JavaMigration[]::new);
    Flyway.configure()
        .dataSource(ds)
        .table("baton_schema_history")
        .skipDefaultResolvers(true)
        .skipDefaultCallbacks(true)
        .locations(new String[0])
        .javaMigrations(migrations)
        .load()
        .migrate();
  }

  private static Map<String, Integer> currentChecksums(SqlDialect dialect) {
    Map<String, Integer> sums = new TreeMap<>();
    List<String> scripts = Schema.scripts(dialect);
    for (int i = 0; i < scripts.size(); i++)
      sums.put(Integer.toString(i + 1), SchemaCheck.checksum(scripts.get(i)));
    return sums;
  }

  private static Map<String, Integer> checksums(DataSource ds) throws SQLException {
    Map<String, Integer> sums = new TreeMap<>();
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT version, checksum FROM baton_schema_history WHERE version IS NOT NULL")) {
      while (rs.next()) sums.put(rs.getString(1), rs.getInt(2));
    }
    return sums;
  }

  /** Every table's and index's definition, whitespace collapsed (alignment is not schema). */
  private static List<String> sqliteSchema(DataSource ds) throws SQLException {
    return rows(
        ds,
        "SELECT type || ' ' || name || ': ' || sql FROM sqlite_master"
            + " WHERE sql IS NOT NULL AND name NOT LIKE 'baton_schema_history%' ORDER BY name");
  }

  private static List<String> postgresSchema(DataSource ds) throws SQLException {
    List<String> schema =
        rows(
            ds,
            "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable"
                + " || ' ' || coalesce(column_default, '') FROM information_schema.columns"
                + " WHERE table_schema = 'public' AND table_name <> 'baton_schema_history'"
                + " ORDER BY table_name, ordinal_position");
    schema.addAll(
        rows(
            ds,
            "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'"
                + " AND tablename <> 'baton_schema_history' ORDER BY indexname"));
    return schema;
  }

  private static List<String> rows(DataSource ds, String sql) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) rows.add(rs.getString(1).replaceAll("\\s+", " "));
    }
    return rows;
  }

  private static DataSource sqlite(Path file) {
    SQLiteDataSource ds = new SQLiteDataSource();
    ds.setUrl("jdbc:sqlite:" + file);
    return ds;
  }

  private static DataSource postgres(String url) {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url);
    return ds;
  }
}
