package dev.baton.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InboxesTest {
  @TempDir Path state;

  @Test
  void an_ended_runs_empty_folders_are_the_next_runs_folders() throws IOException {
    Set<Object> retired = new HashSet<>();
    try (Inboxes inboxes = new Inboxes(state)) {
      for (String step : List.of("a", "b", "c")) {
        Path made = inboxes.folder("run-1", step).create();
        assertThat(made).isDirectory().isEqualTo(state.resolve("inbox/run-1/" + step));
        retired.add(inode(made));
      }
      retired.add(inode(state.resolve("inbox/run-1")));

      inboxes.removeEmpty("run-1");
      assertThat(state.resolve("inbox/run-1")).doesNotExist();

      Path next = inboxes.folder("run-2", "a").create();
      Path run = state.resolve("inbox/run-2");
      // renamed spares: no new folder (no new inode) for the run nor the step
      assertThat(retired).contains(inode(run), inode(next));
      assertThat(inode(run)).isNotEqualTo(inode(next));
      try (Stream<Path> files = Files.list(next)) {
        assertThat(files).isEmpty();
      }
      if (Files.getFileStore(state).supportsFileAttributeView("posix")) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(next)))
            .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(run)))
            .isEqualTo("rwx------");
      }
    }
  }

  @Test
  void a_folder_holding_an_answer_stays_when_its_run_ends() throws IOException {
    try (Inboxes inboxes = new Inboxes(state)) {
      Path answered = inboxes.folder("run-1", "a").create();
      Files.writeString(answered.resolve("req-1.json"), "{}");
      inboxes.folder("run-1", "b").create();

      inboxes.removeEmpty("run-1");

      assertThat(answered.resolve("req-1.json")).hasContent("{}");
      assertThat(state.resolve("inbox/run-1/b")).doesNotExist();
    }
    assertThat(state.resolve("inbox/run-1/a/req-1.json")).exists();
  }

  @Test
  void closing_removes_the_spares_and_the_empty_inbox_folder() throws IOException {
    try (Inboxes inboxes = new Inboxes(state)) {
      inboxes.folder("run-1", "a").create();
      inboxes.removeEmpty("run-1");
      try (Stream<Path> files = Files.list(state.resolve("inbox"))) {
        assertThat(files).singleElement().satisfies(p -> assertThat(p).isDirectory());
      }
    }
    assertThat(state.resolve("inbox")).doesNotExist();
  }

  @Test
  void the_spares_of_a_process_that_is_gone_are_removed_and_a_live_ones_kept() throws IOException {
    Path dead = state.resolve("inbox/.spare-" + deadPid() + "-00ff00ff");
    Files.createDirectories(dead.resolve("1"));
    Path live = state.resolve("inbox/.spare-" + ProcessHandle.current().pid() + "-0a0b0c0d");
    Files.createDirectories(live.resolve("1"));

    Inboxes inboxes = new Inboxes(state);
    assertThat(dead).doesNotExist();
    assertThat(live.resolve("1")).isDirectory();
    inboxes.close();
  }

  @Test
  void spares_removed_from_outside_are_skipped() throws IOException {
    try (Inboxes inboxes = new Inboxes(state)) {
      inboxes.folder("run-1", "a").create();
      inboxes.removeEmpty("run-1");
      try (Stream<Path> spares = Files.list(spareDir())) {
        for (Path spare : spares.toList()) Files.delete(spare);
      }

      Path made = inboxes.folder("run-2", "a").create();

      assertThat(made).isDirectory();
      assertThat(made.getParent()).isEqualTo(state.resolve("inbox/run-2"));
    }
  }

  @Test
  void beyond_the_spares_kept_folders_are_removed() throws IOException {
    try (Inboxes inboxes = new Inboxes(state)) {
      for (int i = 0; i < Inboxes.SPARES + 20; i++) inboxes.folder("run-1", "s" + i).create();
      inboxes.removeEmpty("run-1");
      try (Stream<Path> spares = Files.list(spareDir())) {
        assertThat(spares).hasSize(Inboxes.SPARES);
      }
    }
  }

  /** The one folder in the inbox folder: the engine's spares. */
  private Path spareDir() throws IOException {
    try (Stream<Path> dirs = Files.list(state.resolve("inbox"))) {
      return dirs.toList().getFirst();
    }
  }

  private static Object inode(Path p) throws IOException {
    return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
  }

  /** A pid no process has: the highest possible, below which the kernel hands out. */
  private static long deadPid() {
    long pid = 4_194_304L;
    while (ProcessHandle.of(pid).isPresent()) pid--;
    return pid;
  }
}
