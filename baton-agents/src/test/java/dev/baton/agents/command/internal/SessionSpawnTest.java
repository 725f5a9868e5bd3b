package dev.baton.agents.command.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.agent.EnvironmentSecrets;
import dev.baton.test.RecordingReporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs start in a session of their own as one process ({@link SessionSpawn}) where the JVM
 * allows it, and the {@link Process} they get behaves as the JDK's: streams, directory,
 * environment, exit codes, signals, reaping, and nothing of Baton's open files.
 */
class SessionSpawnTest {
  @TempDir Path dir;

  /**
   * The build runs on Java 22 or later with native access: the native way must be the one taken.
   */
  @Test
  void on_linux_with_java_22_programs_start_without_setsid() {
    assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux");
    assumeTrue(Runtime.version().feature() >= 22, "Java 22 or later");
    assertThat(ProcessGroup.startsNatively()).isTrue();
  }

  @Test
  void the_program_leads_a_session_of_its_own_and_is_reaped_once_it_exits() throws Exception {
    assumeTrue(ProcessGroup.startsNatively(), "native start available");
    ProcessGroup group = ProcessGroup.start(new ProcessBuilder("sleep", "30"));
    Process process = group.process();
    long pid = process.pid();
    ProcessGroup.Stat stat = ProcessGroup.stat(pid).orElseThrow();
    assertThat(stat.session()).isEqualTo(pid);
    assertThat(stat.parent()).isEqualTo(ProcessHandle.current().pid());
    // the start returns as the program's exec begins: its arguments show a moment later
    await()
        .untilAsserted(() ->
            assertThat(Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")))
                .isEqualTo("sleep\0" + "30\0"));
    assertThat(process.isAlive()).isTrue();

    process.destroy();

    assertThat(process.waitFor()).isEqualTo(128 + 15);
    assertThat(process.isAlive()).isFalse();
    assertThat(process.onExit().get()).isSameAs(process);
    // reaped: no zombie of ours is left behind
    assertThat(ProcessGroup.stat(pid).filter(s -> s.parent() == ProcessHandle.current().pid()))
        .isEmpty();
  }

  @Test
  void streams_directory_environment_and_exit_code_are_the_programs() throws Exception {
    assumeTrue(ProcessGroup.startsNatively(), "native start available");
    Path work = Files.createDirectory(dir.resolve("work"));
    ProcessBuilder builder =
        new ProcessBuilder(
                "sh",
                "-c",
                "read line; echo \"out:$line\"; echo \"err:$GREETING\" >&2; pwd; ls /proc/self/fd;"
                    + " exit 3")
            .directory(work.toFile());
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.environment().put("GREETING", "hello there");
    Process process = ProcessGroup.start(builder).process();
    try (var stdin = process.getOutputStream()) {
      stdin.write("hi\n".getBytes(StandardCharsets.UTF_8));
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.waitFor()).isEqualTo(3);
    assertThat(process.exitValue()).isEqualTo(3);
    // ls lists its own three standard streams and the directory it reads: nothing else came along
    assertThat(out.lines().toList())
        .containsExactly("out:hi", work.toRealPath().toString(), "0", "1", "2", "3");
    assertThat(err).isEqualTo("err:hello there\n");
  }

  @Test
  void errors_merged_into_output_arrive_on_it() throws Exception {
    assumeTrue(ProcessGroup.startsNatively(), "native start available");
    Process process =
        ProcessGroup.start(
                new ProcessBuilder("sh", "-c", "echo one; echo two >&2; echo three")
                    .redirectErrorStream(true))
            .process();
    process.getOutputStream().close();

    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("one\ntwo\nthree\n");
    assertThat(process.getErrorStream().read()).isEqualTo(-1);
    assertThat(process.waitFor()).isZero();
  }

  @Test
  void a_program_that_cannot_be_run_fails_the_start_with_the_jdks_words() throws Exception {
    assumeTrue(ProcessGroup.startsNatively(), "native start available");
    assertThatThrownBy(() -> ProcessGroup.start(new ProcessBuilder("no-such-program-here")))
        .isInstanceOf(IOException.class)
        .hasMessage("Cannot run program \"no-such-program-here\"")
        .cause()
        .hasMessage("error=2, No such file or directory");
    // there to be found, but its interpreter is not: the system refuses to run it
    Path orphan = dir.resolve("orphan");
    Files.writeString(orphan, "#!/no/such/interpreter\n");
    Files.setPosixFilePermissions(orphan, PosixFilePermissions.fromString("rwxr-xr-x"));
    assertThatThrownBy(() -> ProcessGroup.start(new ProcessBuilder(orphan.toString())))
        .isInstanceOf(IOException.class)
        .hasMessage("Cannot run program \"" + orphan + "\"")
        .cause()
        .hasMessage("error=2, No such file or directory");
  }

  @Test
  void a_script_without_an_interpreter_line_is_run_by_the_shell() throws Exception {
    assumeTrue(ProcessGroup.startsNatively(), "native start available");
    Path script = dir.resolve("plain");
    Files.writeString(script, "echo \"plain $1\"\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

    Process process = ProcessGroup.start(new ProcessBuilder(script.toString(), "arg")).process();

    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo("plain arg\n");
    assertThat(process.waitFor()).isZero();
  }

  @Test
  void through_setsid_the_program_leads_a_session_of_its_own_too() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setsid")), "setsid");
    Process process = ProcessGroup.start(new ProcessBuilder("sleep", "30"), false).process();
    try {
      // setsid makes the session once it runs, a moment after the start returned
      await()
          .untilAsserted(() ->
              assertThat(ProcessGroup.stat(process.pid()).orElseThrow().session())
                  .isEqualTo(process.pid()));
    } finally {
      process.destroy();
      process.waitFor();
    }
  }

  @Test
  void a_relative_program_in_a_relative_directory_runs_there() throws Exception {
    Path sub = Files.createDirectory(dir.resolve("sub"));
    Files.writeString(sub.resolve("here.sh"), "#!/bin/sh\npwd\n");
    Files.setPosixFilePermissions(
        sub.resolve("here.sh"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Path relative = Path.of("").toAbsolutePath().relativize(sub);

    Process process =
        ProcessGroup.start(new ProcessBuilder("./here.sh").directory(relative.toFile())).process();

    assertThat(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
        .isEqualTo(sub.toRealPath() + "\n");
    assertThat(process.waitFor()).isZero();
  }

  @Test
  void a_nul_in_an_argument_is_refused_as_the_jdk_refuses_it() {
    assertThatThrownBy(
            () -> ProcessGroup.start(new ProcessBuilder("echo", "secret\0; rm -rf tail")))
        .isInstanceOf(IOException.class)
        .hasMessage("invalid null character in command");
    assertThatThrownBy(() -> ProcessGroup.start(new ProcessBuilder("ec\0ho", "hi")))
        .isInstanceOf(IOException.class)
        .hasMessage("invalid null character in command");
  }

  @Test
  void a_line_its_reader_cannot_take_does_not_stop_the_reading() throws Exception {
    AtomicInteger lines = new AtomicInteger();
    ProcessRun run =
        ProcessRun.start(
            new ProcessBuilder("sh", "-c", "echo bad; yes line | head -n 20000"),
            new byte[0],
            line -> {
              if (line.equals("bad")) throw new IllegalStateException("cannot take it");
              lines.incrementAndGet();
            },
            line -> {},
            Duration.ofSeconds(5));

    assertThat(run.await()).isZero();
    assertThat(lines).hasValue(20000);
  }

  /**
   * A protocol line is parsed on the thread that reads the program's output: a handoff nested deep
   * (Jackson allows a thousand levels) must not overflow it, or the pipe would close under the
   * program.
   */
  @Test
  void a_deeply_nested_protocol_line_does_not_stop_the_output_being_read() throws Exception {
    RecordingReporter reporter = new RecordingReporter();
    ProtocolLines protocol =
        new ProtocolLines(
            reporter, new EnvironmentSecrets(Map.of(), Optional.empty()), "agent", "key");
    String deep = "{\"completedWork\":\"x\",\"d\":" + "[".repeat(900) + "]".repeat(900) + "}";
    AtomicInteger lines = new AtomicInteger();
    ProcessRun run =
        ProcessRun.start(
            new ProcessBuilder(
                "sh", "-c", "echo '@baton handoff " + deep + "'; yes line | head -n 50000"),
            new byte[0],
            line -> {
              if (ProtocolLines.isProtocol(line)) protocol.accept(line);
              else lines.incrementAndGet();
            },
            line -> {},
            Duration.ofSeconds(5));

    assertThat(run.await()).isZero();
    assertThat(lines).hasValue(50000);
    assertThat(reporter.notes).hasSize(1);
  }

  /**
   * What Baton inherited reaches its programs as the bytes it was, even where the locale cannot
   * decode them: a JVM in the C locale with a UTF-8 value and a stray byte in its environment.
   */
  @Test
  void inherited_environment_bytes_reach_the_program_unchanged() throws Exception {
    assumeTrue(ProcessGroup.startsNatively(), "native start available");
    String out =
        inJvmOfItsOwn(
            "GREET=\"$(printf 'caf\\303\\251 \\377')\" LC_ALL=C exec", EnvironmentProbe.class);

    assertThat(out).isEqualTo("native 63 61 66 c3 a9 20 ff\n");
  }

  /**
   * Out of file descriptors, a start fails with the system's reason and leaves nothing behind: no
   * program started without its reaper, no descriptor open (a JVM of its own, limited to 128).
   */
  @Test
  void a_start_that_runs_out_of_descriptors_leaves_nothing_behind() throws Exception {
    assumeTrue(ProcessGroup.startsNatively(), "native start available");
    String out = inJvmOfItsOwn("ulimit -n 128 && exec", DescriptorLimitProbe.class);

    assertThat(out).as(out).containsPattern("started [1-9][0-9]*\n");
    assertThat(out)
        .as(out)
        .contains(
            "failure Cannot run program \"sleep\": ",
            "Too many open files",
            "children 0\n",
            "descriptors back true\n");
  }

  /** Many programs at once, each run to its end: Baton keeps no descriptor of theirs. */
  @Test
  void programs_started_at_once_leave_no_descriptor_open() throws Exception {
    assumeTrue(ProcessGroup.startsNatively(), "native start available");
    warmUp();
    long before = openDescriptors();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<Integer>> runs = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        runs.add(
            pool.submit(() -> {
              ProcessRun run =
                  ProcessRun.start(
                      new ProcessBuilder("sh", "-c", "read x; exit $(( x % 7 ))"),
                      (n + "\n").getBytes(StandardCharsets.UTF_8),
                      line -> {},
                      line -> {},
                      Duration.ofSeconds(5));
              return run.await();
            }));
      }
      for (int i = 0; i < runs.size(); i++) assertThat(runs.get(i).get()).isEqualTo(i % 7);
    }
    assertThat(openDescriptors()).isLessThanOrEqualTo(before);
  }

  /**
   * Runs {@code main} in a JVM of its own on this test's class path, started by the shell after
   * {@code prefix} (which ends with {@code exec}); its output, once it exited with 0.
   */
  private static String inJvmOfItsOwn(String prefix, Class<?> main) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process jvm =
        new ProcessBuilder(
                "sh",
                "-c",
                prefix + " \"$0\" --enable-native-access=ALL-UNNAMED -cp \"$1\" " + main.getName(),
                java.toString(),
                System.getProperty("java.class.path"))
            .redirectErrorStream(true)
            .start();
    String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(jvm.waitFor()).as(out).isZero();
    return out;
  }

  private static void warmUp() throws Exception {
    ProcessRun.start(
            new ProcessBuilder("true"), new byte[0], l -> {}, l -> {}, Duration.ofSeconds(5))
        .await();
  }

  private static long openDescriptors() throws IOException {
    try (var fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count();
    }
  }
}
