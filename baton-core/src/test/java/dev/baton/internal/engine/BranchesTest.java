package dev.baton.internal.engine;

import static dev.baton.internal.engine.TestWorkflows.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.agent.Agent;
import dev.baton.agent.Outcome;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.RecordJournals;
import dev.baton.journal.TaskKind;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.workflow.*;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Branch isolation in a real git repository: worktrees, commits of leftovers, merges in step order,
 * conflicts.
 */
@ExtendWith(RecordJournals.class)
class BranchesTest {
  @TempDir Path dir;
  Path repo;
  Path state;
  final InMemoryJournalStore store = new InMemoryJournalStore();

  @BeforeEach
  void repository() throws IOException {
    repo = Files.createDirectories(dir.resolve("repo"));
    state = dir.resolve("state");
    git("init", "-q", "-b", "main");
    git("config", "user.name", "Test");
    git("config", "user.email", "test@example.com");
    Files.writeString(repo.resolve("app.txt"), "line 1\n");
    git("add", "-A");
    git("commit", "-q", "-m", "start");
  }

  String git(String... args) {
    Git.Result r = Git.run(repo, args);
    assertThat(r.ok()).as("git %s: %s", String.join(" ", args), r.output()).isTrue();
    return r.output().strip();
  }

  /**
   * Agents defined as command agents working in the repository, performed by in-process Java
   * agents.
   */
  Workflow isolatedWorkflow(StepSpec... steps) {
    Workflow base = workflow("branches", List.of("a", "b"), phase("build", Mode.PARALLEL, steps));
    Map<String, AgentSpec> agents = new LinkedHashMap<>(base.agents());
    for (String name : List.of("a", "b")) {
      agents.put(
          name,
          new AgentSpec(
              name,
              name,
              List.of(name),
              List.of(),
              1,
              new AgentSpec.Command(List.of("unused"), Optional.of(repo.toString()), Map.of())));
    }
    return new Workflow(
        base.name(),
        "",
        Map.of(),
        base.team(),
        agents,
        List.of(),
        base.priority(),
        Optional.empty(),
        List.of(),
        List.of(),
        base.phases(),
        base.sources());
  }

  static StepSpec isolated(String id, String agent) {
    StepSpec s = step(id, agent);
    return new StepSpec(
        id,
        s.agent(),
        s.requires(),
        s.task(),
        s.estimate(),
        s.timeout(),
        s.retries(),
        s.retryDelay(),
        s.when(),
        s.success(),
        s.rollback(),
        s.resources(),
        false,
        true,
        List.of());
  }

  /** Writes {@code file} in the attempt's worktree and leaves it uncommitted. */
  static Agent writes(String file, String content) {
    return (h, a) -> {
      Path wt = a.workdirOverride().orElseThrow(() -> new IllegalStateException("no worktree"));
      if (!a.extraEnv().containsKey("BATON_WORKTREE"))
        return Outcome.failed("BATON_WORKTREE missing");
      Files.writeString(wt.resolve(file), content);
      return Outcome.succeeded(wt.toString());
    };
  }

  List<Event> events(String run) {
    return store.read(run, 0).stream().map(JournalEntry::event).toList();
  }

  @Test
  void isolated_steps_work_on_their_own_branches_which_are_merged_in_step_order()
      throws IOException {
    try (Baton baton =
        Baton.builder()
            .store(store)
            .stateDir(state)
            .agent("a", writes("a.txt", "from a\n"))
            .agent("b", writes("b.txt", "from b\n"))
            .build()) {
      RunState end =
          baton
              .start(isolatedWorkflow(isolated("first", "a"), isolated("second", "b")), Map.of())
              .await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat((String) end.step("first").orElseThrow().output())
          .isNotEqualTo(repo.toString())
          .contains("worktrees");
      List<String> merged =
          events(end.id()).stream()
              .filter(e -> e instanceof Event.BranchMerged)
              .map(e -> ((Event.BranchMerged) e).step())
              .toList();
      assertThat(merged).containsExactly("first", "second");
    }
    assertThat(Files.readString(repo.resolve("a.txt"))).isEqualTo("from a\n");
    assertThat(Files.readString(repo.resolve("b.txt"))).isEqualTo("from b\n");
    assertThat(git("rev-parse", "--abbrev-ref", "HEAD")).isEqualTo("main");
    assertThat(git("log", "--format=%s"))
        .contains("baton: merge first", "baton: merge second", "baton: first by a");
    assertThat(git("worktree", "list")).doesNotContain("worktrees");
    assertThat(git("branch", "--list", "baton/*")).isEmpty();
  }

  @Test
  void a_merge_conflict_is_aborted_and_becomes_a_merge_task_for_a_person() throws IOException {
    try (Baton baton =
        Baton.builder()
            .store(store)
            .stateDir(state)
            .agent("a", writes("app.txt", "line 1 by a\n"))
            .agent("b", writes("app.txt", "line 1 by b\n"))
            .build()) {
      var handle =
          baton.start(isolatedWorkflow(isolated("first", "a"), isolated("second", "b")), Map.of());
      org.awaitility.Awaitility.await()
          .until(() -> events(handle.id()).stream().anyMatch(e -> e instanceof Event.RunWaiting));
      List<Event> events = events(handle.id());
      assertThat(events)
          .filteredOn(e -> e instanceof Event.BranchMerged)
          .singleElement()
          .satisfies(e -> assertThat(((Event.BranchMerged) e).step()).isEqualTo("first"));
      assertThat(events)
          .filteredOn(e -> e instanceof Event.MergeConflict)
          .singleElement()
          .satisfies(e ->
              assertThat(((Event.MergeConflict) e).branch())
                  .isEqualTo("baton/" + handle.id() + "/second"));
      assertThat(store.openHumanTasks())
          .singleElement()
          .satisfies(t -> assertThat(t.kind()).isEqualTo(TaskKind.MERGE));
      assertThat(events).noneMatch(e -> e instanceof Event.PhaseSucceeded);
    }
    // the aborted merge leaves the working copy clean, with the first branch merged and the second
    // kept for a person
    assertThat(git("status", "--porcelain")).isEmpty();
    assertThat(Files.readString(repo.resolve("app.txt"))).isEqualTo("line 1 by a\n");
    assertThat(git("branch", "--list", "baton/*")).contains("second");
  }

  @Test
  void a_working_copy_with_uncommitted_changes_is_never_merged_into() throws IOException {
    try (Baton baton =
        Baton.builder()
            .store(store)
            .stateDir(state)
            .agent(
                "a",
                (h, a) -> {
                  Files.writeString(
                      repo.resolve("app.txt"),
                      "edited by hand meanwhile\n"); // someone edits the working copy
                  return writes("a.txt", "from a\n").perform(h, a);
                })
            .agent("b", writes("b.txt", "from b\n"))
            .build()) {
      var handle = baton.start(isolatedWorkflow(isolated("first", "a")), Map.of());
      org.awaitility.Awaitility.await()
          .until(() -> events(handle.id()).stream().anyMatch(e -> e instanceof Event.RunWaiting));
      assertThat(events(handle.id()))
          .filteredOn(e -> e instanceof Event.MergeConflict)
          .singleElement()
          .satisfies(
              e -> assertThat(((Event.MergeConflict) e).reason()).contains("uncommitted changes"));
      assertThat(store.openHumanTasks())
          .singleElement()
          .satisfies(t -> assertThat(t.kind()).isEqualTo(TaskKind.MERGE));
    }
    assertThat(Files.readString(repo.resolve("app.txt"))).isEqualTo("edited by hand meanwhile\n");
    assertThat(Files.exists(repo.resolve("a.txt"))).isFalse();
    assertThat(git("branch", "--list", "baton/*")).contains("first");
  }

  @Test
  void outside_a_git_working_copy_isolation_is_skipped_with_a_warning() throws IOException {
    Path plain = Files.createDirectories(dir.resolve("plain"));
    repo = plain;
    Agent here =
        (h, a) -> Outcome.succeeded(a.workdirOverride().map(Path::toString).orElse("in place"));
    try (Baton baton =
        Baton.builder().store(store).stateDir(state).agent("a", here).agent("b", here).build()) {
      RunState end = baton.start(isolatedWorkflow(isolated("first", "a")), Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.step("first").orElseThrow().output()).isEqualTo("in place");
      assertThat(events(end.id()))
          .anySatisfy(e ->
              assertThat(e)
                  .isInstanceOfSatisfying(
                      Event.ProtocolWarning.class,
                      w -> assertThat(w.reason()).contains("not a git working copy")));
    }
  }
}
