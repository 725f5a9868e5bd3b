package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/find-jdk.sh}, which {@code ./baton} sources before every command: it asks each
 * java binary its version once, and asks again when the binary changes. The JDKs here are shell
 * scripts that answer like {@code java -XshowSettings:properties -version} and count how often they
 * are asked.
 */
class FindJdkTest {
  private static final Path SCRIPT =
      Path.of(System.getProperty("baton.home", ".."), "scripts", "find-jdk.sh")
          .toAbsolutePath()
          .normalize();

  @TempDir Path dir;
  private Path cache;

  @BeforeEach
  void cache() {
    cache = dir.resolve("cache");
  }

  @Test
  void a_jdk_is_asked_its_version_once_and_again_when_it_changes() throws Exception {
    Path jdk = fakeJdk("jdk-21", "21");

    assertThat(find(jdk)).isEqualTo(jdk + " 21");
    assertThat(find(jdk)).isEqualTo(jdk + " 21");
    assertThat(asked(jdk)).isEqualTo(1);

    // upgraded in place: same path, a new binary
    Files.writeString(jdk.resolve("bin/java"), javaScript(jdk, "25"));
    Files.setLastModifiedTime(jdk.resolve("bin/java"), FileTime.from(Instant.now().plusSeconds(5)));
    assertThat(find(jdk)).isEqualTo(jdk + " 25");
    assertThat(asked(jdk)).isEqualTo(2);
    assertThat(find(jdk)).isEqualTo(jdk + " 25");
    assertThat(asked(jdk)).isEqualTo(2);
  }

  @Test
  void a_java_home_older_than_21_is_passed_over() throws Exception {
    Path old = fakeJdk("jdk-17", "17");

    String found = find(old);

    assertThat(found).doesNotStartWith(old.toString());
    find(old);
    assertThat(asked(old)).isEqualTo(1);
  }

  @Test
  void the_flags_follow_the_version_of_the_jdk_found() throws Exception {
    Path jdk21 = fakeJdk("jdk-21", "21");
    Path jdk25 = fakeJdk("jdk-25", "25");

    assertThat(run(jdk21, "baton_find_jdk && baton_jvm_flags"))
        .isEqualTo("--enable-native-access=ALL-UNNAMED");
    assertThat(run(jdk25, "baton_find_jdk && baton_jvm_flags"))
        .isEqualTo("--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow");
  }

  private String find(Path javaHome) throws Exception {
    return run(javaHome, "baton_find_jdk && echo \"$JAVA_HOME $BATON_JAVA_MAJOR\"");
  }

  private String run(Path javaHome, String script) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-c", ". \"$1\" && " + script, "bash", SCRIPT.toString());
    pb.environment().put("JAVA_HOME", javaHome.toString());
    pb.environment().put("BATON_JDK_CACHE", cache.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    p.waitFor();
    return out;
  }

  private Path fakeJdk(String name, String version) throws IOException {
    Path home = Files.createDirectories(dir.resolve(name).resolve("bin")).getParent();
    for (String tool : new String[] {"java", "javac"}) {
      Path bin = home.resolve("bin").resolve(tool);
      Files.writeString(bin, javaScript(home, version));
      Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    return home;
  }

  private static String javaScript(Path home, String version) {
    return "#!/bin/sh\n"
        + "echo asked >> '"
        + home.resolve("asked")
        + "'\n"
        + "echo 'Property settings:' >&2\n"
        + "echo '    java.specification.version = "
        + version
        + "' >&2\n";
  }

  private static long asked(Path home) throws IOException {
    Path log = home.resolve("asked");
    return Files.exists(log) ? Files.readAllLines(log).size() : 0;
  }
}
