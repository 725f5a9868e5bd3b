package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.OSInfo;

class SqliteLibraryTest {
  @TempDir Path cache;
  private String path;
  private String name;

  @BeforeEach
  void forget_the_configured_library() {
    path = System.clearProperty("org.sqlite.lib.path");
    name = System.clearProperty("org.sqlite.lib.name");
  }

  @AfterEach
  void restore_the_configured_library() {
    restore("org.sqlite.lib.path", path);
    restore("org.sqlite.lib.name", name);
  }

  @Test
  void the_library_is_extracted_once_and_sqlite_jdbc_is_pointed_at_it() throws Exception {
    SqliteLibrary.useCache(cache);

    Path dir = Path.of(System.getProperty("org.sqlite.lib.path"));
    Path library = dir.resolve(System.getProperty("org.sqlite.lib.name"));
    assertThat(dir).startsWith(cache);
    assertThat(Files.readAllBytes(library)).isEqualTo(resourceBytes());

    FileTime old = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
    Files.setLastModifiedTime(library, old);
    System.clearProperty("org.sqlite.lib.path");
    SqliteLibrary.useCache(cache);

    assertThat(System.getProperty("org.sqlite.lib.path")).isEqualTo(dir.toString());
    assertThat(Files.getLastModifiedTime(library)).isEqualTo(old);
    try (var files = Files.list(dir)) {
      assertThat(files)
          .containsExactlyInAnyOrder(library, dir.resolve(library.getFileName() + ".size"));
    }
  }

  @Test
  void a_truncated_library_is_extracted_again() throws Exception {
    SqliteLibrary.useCache(cache);
    Path library =
        Path.of(
            System.getProperty("org.sqlite.lib.path"), System.getProperty("org.sqlite.lib.name"));
    Files.write(library, new byte[] {1, 2, 3});
    System.clearProperty("org.sqlite.lib.path");

    SqliteLibrary.useCache(cache);

    assertThat(Files.readAllBytes(library)).isEqualTo(resourceBytes());
  }

  @Test
  void a_library_already_configured_is_left_alone() {
    System.setProperty("org.sqlite.lib.path", "/somewhere/else");

    SqliteLibrary.useCache(cache);

    assertThat(System.getProperty("org.sqlite.lib.path")).isEqualTo("/somewhere/else");
    assertThat(cache).isEmptyDirectory();
  }

  private static byte[] resourceBytes() throws Exception {
    String resource =
        "/org/sqlite/native/"
            + OSInfo.getNativeLibFolderPathForCurrentOS()
            + "/"
            + System.mapLibraryName("sqlitejdbc");
    try (InputStream in = SqliteLibrary.class.getResourceAsStream(resource)) {
      assertThat(in).isNotNull();
      return in.readAllBytes();
    }
  }

  private static void restore(String key, String value) {
    if (value == null) System.clearProperty(key);
    else System.setProperty(key, value);
  }
}
