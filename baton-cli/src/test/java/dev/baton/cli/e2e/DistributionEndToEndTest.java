package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./build.sh dist}: the tarball with its own Java runtime, unpacked and run on a "machine"
 * without a JDK: {@code JAVA_HOME} unset and no {@code java} on {@code PATH}.
 */
class DistributionEndToEndTest {
  private static String run(Path dir, List<String> command, String path, long minutes)
      throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("BATON_DB");
    pb.environment().put("BATON_DEMO_SPEED", "0");
    if (path != null) pb.environment().put("PATH", path);
    Process p = pb.start();
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(minutes, TimeUnit.MINUTES)).as("%s finished", command).isTrue();
    assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
    return out;
  }

  /** A PATH holding every program of the machine except Java's. */
  private static String pathWithoutJava(Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin-without-java"));
    for (String folder : List.of("/usr/local/bin", "/usr/bin", "/bin")) {
      if (!Files.isDirectory(Path.of(folder))) continue;
      try (Stream<Path> programs = Files.list(Path.of(folder))) {
        for (Path p : programs.toList()) {
          String name = p.getFileName().toString();
          if (name.startsWith("java") || jdkTool(name)) continue;
          Path link = bin.resolve(name);
          if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS))
            Files.createSymbolicLink(link, p);
        }
      }
    }
    return bin.toString();
  }

  private static boolean jdkTool(String name) {
    return List.of("jar", "jarsigner", "jshell", "jlink", "jdeps", "jcmd", "jps", "jstack")
        .contains(name);
  }

  @Test
  void the_tarball_runs_without_any_jdk(@TempDir Path dir) throws Exception {
    String built = run(Cli.HOME, List.of("./build.sh", "dist", "--no-build"), null, 10);
    assertThat(built).contains("dist/baton-");
    Path tarball;
    try (Stream<Path> files = Files.list(Cli.HOME.resolve("dist"))) {
      tarball =
          files
              .filter(f -> f.getFileName().toString().endsWith(".tar.gz"))
              .findFirst()
              .orElseThrow();
    }
    run(dir, List.of("tar", "-xzf", tarball.toString()), null, 5);
    Path home;
    try (Stream<Path> files = Files.list(dir)) {
      home =
          files
              .filter(f -> f.getFileName().toString().startsWith("baton-"))
              .findFirst()
              .orElseThrow();
    }
    assertThat(home.resolve("runtime/bin/java")).isExecutable();

    String path = pathWithoutJava(dir);
    String which = run(dir, List.of("sh", "-c", "command -v java || echo no-java"), path, 1);
    assertThat(which.strip()).isEqualTo("no-java");

    String baton = home.resolve("bin/baton").toString();
    assertThat(run(dir, List.of(baton, "--version"), path, 2)).contains("baton ");
    Path work = Files.createDirectories(dir.resolve("work"));
    String out =
        run(
            work,
            List.of(
                baton,
                "run",
                home.resolve("examples/feature.yaml").toString(),
                "-i",
                "feature=x",
                "--id",
                "dist-1"),
            path,
            5);
    assertThat(out).contains("Run dist-1 succeeded");
    assertThat(run(work, List.of(baton, "runs"), path, 2)).contains("dist-1").contains("SUCCEEDED");

    // from JDK 25 on the tarball carries ahead-of-time caches, made where it was built: unpacked
    // elsewhere, the JVM still takes its classes from them
    if (runtimeMajor(home) >= 25) {
      for (String kind : List.of("all", "runs", "show", "events", "inbox", "status"))
        assertThat(home.resolve("lib/aot/" + kind + ".aot")).isNotEmptyFile();
      String loads =
          run(
              work,
              List.of("env", "BATON_JAVA_OPTS=-Xlog:class+load=info", baton, "runs"),
              path,
              2);
      assertThat(loads)
          .contains("dist-1")
          .contains("dev.baton.cli.Main source: shared objects file");
      String without =
          run(
              work,
              List.of("env", "BATON_CDS=0", "BATON_JAVA_OPTS=-Xlog:class+load=info", baton, "runs"),
              path,
              2);
      assertThat(without).contains("dist-1").contains("dev.baton.cli.Main source: file:");
    }
  }

  /** The feature version of the runtime in the tarball, from its {@code release} file. */
  private static int runtimeMajor(Path home) throws Exception {
    for (String line : Files.readAllLines(home.resolve("runtime/release"))) {
      if (line.startsWith("JAVA_VERSION=")) {
        String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
        return Integer.parseInt(v.split("[.+-]")[0]);
      }
    }
    throw new AssertionError("no JAVA_VERSION in the runtime's release file");
  }
}
