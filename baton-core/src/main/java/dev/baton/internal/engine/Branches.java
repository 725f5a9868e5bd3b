package dev.baton.internal.engine;

import dev.baton.BatonException;
import dev.baton.agent.Agent;
import dev.baton.agent.Cancellation;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.agent.Reporter;
import dev.baton.agent.Status;
import dev.baton.journal.Event;
import dev.baton.journal.HumanAction;
import dev.baton.journal.TaskCause;
import dev.baton.journal.TaskKind;
import dev.baton.run.HumanTaskState;
import dev.baton.run.StepState;
import dev.baton.run.StepStatus;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Phase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Branch isolation (docs/conflicts.md): a step with {@code isolation: branch} whose agent works in
 * a git working copy gets its own worktree and branch ({@code baton/RUN/STEP}) under the state
 * folder's {@code worktrees/}; the agent runs there ({@code BATON_WORKTREE}, {@code BATON_BRANCH}).
 * When the attempt succeeds Baton commits what the agent left uncommitted. When the phase's gate
 * passes, the branches are merged into the branch checked out in the working copy, in step order
 * ({@code BranchMerged}). A conflict aborts that merge ({@code MergeConflict}) and becomes a merge
 * task for the run's primary agent, run in the working copy, or, without a primary or when the task
 * leaves the branch unmerged, a human task of kind {@code merge}; the phase passes once every
 * branch is merged or a person decided.
 *
 * <p>When the workdir is not a git working copy (or the agent has no workdir, as in-process
 * agents), the step runs in place and a {@code ProtocolWarning} says so. Worktrees are removed
 * after their merge and when the run ends; a resumed run removes those a crash left behind
 * (unmerged branches are kept, their worktrees are not). Merges run on the run's thread: they are
 * short, and a merge repeated after a crash finds the branch already merged.
 */
final class Branches {
  private static final Logger log = LoggerFactory.getLogger(Branches.class);

  /** Where an attempt works; {@link #NONE} for steps without isolation. */
  record Workspace(Optional<Path> dir, Map<String, String> env, Path worktree, String branch) {
    static final Workspace NONE = new Workspace(Optional.empty(), Map.of(), null, null);
  }

  /** What {@link #prepare} needs, read on the run's thread. */
  record Plan(RunActor run, String step, String agent, int attempt, Path workdir) {}

  private final Agents agents;
  private final Path stateDir;
  private final HumanTasks tasks;
  private final Set<String> mergeTasks = ConcurrentHashMap.newKeySet();

  Branches(Agents agents, Path stateDir, HumanTasks tasks) {
    this.agents = agents;
    this.stateDir = stateDir;
    this.tasks = tasks;
  }

  /** On the run's thread: whether the attempt is isolated, and where its agent works. */
  Optional<Plan> plan(RunActor run, InFlight f) {
    StepState st = run.state.step(f.step).orElse(null);
    if (st == null || !Progress.spec(run, st).branchIsolation()) return Optional.empty();
    Optional<Path> workdir = workdir(run, f.agent);
    if (workdir.isEmpty()) {
      warn(
          run,
          f,
          "agent '" + f.agent + "' has no workdir: the step runs without a branch of its own");
      return Optional.empty();
    }
    return Optional.of(new Plan(run, f.step, f.agent, f.attempt, workdir.get()));
  }

  /**
   * On the agent's thread: the step's worktree, created (or found again, for a restarted attempt).
   */
  Workspace prepare(Optional<Plan> maybe) {
    if (maybe.isEmpty()) return Workspace.NONE;
    Plan p = maybe.get();
    Git.Result top = Git.run(p.workdir(), "rev-parse", "--show-toplevel");
    if (!Files.isDirectory(p.workdir()) || !top.ok()) {
      p.run()
          .send(() ->
              p.run()
                  .emit(
                      new Event.ProtocolWarning(
                          p.step(),
                          p.agent(),
                          p.attempt(),
                          "isolation: branch",
                          "workdir "
                              + p.workdir()
                              + " is not a git working copy: the step runs there without a branch of its own")));
      return Workspace.NONE;
    }
    try {
      Path repo = Path.of(top.output().strip()).toRealPath();
      Path relative = repo.relativize(p.workdir().toRealPath());
      Path wt = worktree(p.run().id, p.step());
      String branch = branch(p.run().id, p.step());
      if (!Files.exists(wt.resolve(".git"))) {
        Files.createDirectories(wt.getParent());
        Git.Result add =
            Git.run(repo, "rev-parse", "--verify", "--quiet", "refs/heads/" + branch).ok()
                ? Git.run(repo, "worktree", "add", wt.toString(), branch)
                : Git.run(repo, "worktree", "add", "-b", branch, wt.toString(), "HEAD");
        if (!add.ok()) throw new IOException("git worktree add failed: " + add.firstLine());
      }
      return new Workspace(
          Optional.of(wt.resolve(relative)),
          Map.of("BATON_WORKTREE", wt.toString(), "BATON_BRANCH", branch),
          wt,
          branch);
    } catch (IOException e) {
      throw new BatonException(
          "cannot isolate step " + p.step() + " on a branch: " + e.getMessage(), e);
    }
  }

  /** On the agent's thread, after the agent succeeded: commits what it left uncommitted. */
  Outcome afterAttempt(Workspace ws, InFlight f, Outcome o) {
    if (ws.worktree() == null || !(o instanceof Outcome.Succeeded)) return o;
    Git.Result add = Git.run(ws.worktree(), "add", "-A");
    if (!add.ok())
      return Outcome.failed(
          "cannot stage the work left in " + ws.worktree() + ": " + add.firstLine());
    if (Git.run(ws.worktree(), "diff", "--cached", "--quiet").ok()) return o;
    Git.Result commit =
        Git.withIdentity(
            ws.worktree(),
            "commit",
            "-q",
            "-m",
            "baton: " + f.step + " by " + f.agent + " (attempt " + f.attempt + ")");
    return commit.ok()
        ? o
        : Outcome.failed(
            "cannot commit the work left in " + ws.worktree() + ": " + commit.firstLine());
  }

  /**
   * When the phase's gate passes: merges the next isolated branch, in step order. True while the
   * phase must wait (something was merged and the next is due, or a merge task or a person is
   * deciding).
   */
  boolean merging(RunActor run, Phase phase, List<StepState> steps) {
    for (StepState st : steps) {
      if (st.status() != StepStatus.SUCCEEDED || run.state.collaboration().merged(st.id()))
        continue;
      if (!Progress.spec(run, st).branchIsolation()) continue;
      Path wt = worktree(run.id, st.id());
      if (!Files.exists(wt.resolve(".git"))) continue;
      String branch = branch(run.id, st.id());
      Optional<Path> repo = repo(wt);
      if (repo.isEmpty()) continue;
      String key = run.id + "/" + st.id();
      if (mergeTasks.contains(key)) return true;
      if (isMerged(repo.get(), branch)) {
        merged(run, phase, st, branch, repo.get());
        return true;
      }
      Optional<HumanTaskState> person =
          run.state.humanTasks().stream()
              .filter(h -> h.id().equals(personTask(run, st)))
              .findFirst();
      if (person.isPresent()) {
        if (person.get().open()) return true;
        continue; // a person decided: the branch stays as it is
      }
      if (run.state.collaboration().conflict(st.id()).isPresent()) {
        conflictTask(
            run, phase, st, branch, repo.get(), run.state.collaboration().conflict(st.id()).get());
        return true;
      }
      // a branch with nothing new needs no merge (and leaves the working copy alone)
      Git.Result ahead = Git.run(repo.get(), "rev-list", "--count", "HEAD.." + branch);
      if (ahead.ok() && ahead.output().strip().equals("0")) {
        merged(run, phase, st, branch, repo.get());
        return true;
      }
      // never merge into a working copy with uncommitted changes: an aborted merge could not
      // restore them
      Git.Result dirty = Git.run(repo.get(), "status", "--porcelain", "--untracked-files=no");
      if (!dirty.ok() || !dirty.output().isBlank()) {
        String reason =
            "the working copy "
                + repo.get()
                + " has uncommitted changes; "
                + branch
                + " was not merged";
        run.emit(new Event.MergeConflict(phase.name(), st.id(), branch, reason));
        askPerson(run, st, branch, repo.get(), reason);
        return true;
      }
      Git.Result merge =
          Git.withIdentity(
              repo.get(),
              "merge",
              "--no-ff",
              "--no-edit",
              "-m",
              "baton: merge " + st.id() + " of run " + run.id,
              branch);
      if (merge.ok()) {
        merged(run, phase, st, branch, repo.get());
        return true;
      }
      Git.run(repo.get(), "merge", "--abort");
      String reason = "merging " + branch + " failed: " + merge.firstLine();
      run.emit(new Event.MergeConflict(phase.name(), st.id(), branch, reason));
      conflictTask(run, phase, st, branch, repo.get(), reason);
      return true;
    }
    return false;
  }

  private void merged(RunActor run, Phase phase, StepState st, String branch, Path repo) {
    run.emit(new Event.BranchMerged(phase.name(), st.id(), branch));
    Path wt = worktree(run.id, st.id());
    run.afterCommit(() -> {
      remove(repo, wt);
      Git.run(repo, "branch", "-d", branch);
    });
  }

  /**
   * A conflict: the primary agent merges in the working copy; without one, or if it fails, a person
   * does.
   */
  private void conflictTask(
      RunActor run, Phase phase, StepState st, String branch, Path repo, String reason) {
    String key = Ids.step(run.id, st.id());
    Optional<String> primary = run.state.primary().filter(run.agents::containsKey);
    if (primary.isEmpty()
        || run.state
            .collaboration()
            .conflict(st.id())
            .map(r -> r.startsWith("merge task"))
            .orElse(false)) {
      askPerson(run, st, branch, repo, reason);
      return;
    }
    Agent agent;
    try {
      agent = agents.agentFor(run, primary.get());
    } catch (RuntimeException e) {
      askPerson(run, st, branch, repo, reason);
      return;
    }
    mergeTasks.add(key);
    String current = Git.run(repo, "rev-parse", "--abbrev-ref", "HEAD").output().strip();
    String step = Ids.mergeStep(st.id());
    String id = Ids.attempt(run.id, step, 1);
    Handoff handoff =
        new Handoff(
            AgentSpec.META,
            primary.get(),
            id,
            "Merge branch "
                + branch
                + " into "
                + current
                + " and resolve the conflicts, then commit: "
                + reason,
            new Handoff.Context("", "", run.workflow.constraints(), List.of(st.id())),
            "Branch " + branch + " is merged into " + current,
            null,
            List.of(),
            run.state.inputs(),
            Map.of(),
            id);
    AttemptImpl attempt =
        new AttemptImpl(
            run.id,
            step,
            primary.get(),
            1,
            false,
            new SilentReporter(),
            agents.inbox(run.id, step),
            agents.secrets(),
            new Cancellation(),
            Map.of("BATON_WORKTREE", repo.toString(), "BATON_BRANCH", branch),
            Optional.of(repo),
            Variables.snapshot(run.state, run.workflow, run.now(), null));
    agents.performSide(
        agent,
        handoff,
        attempt,
        o ->
            run.send(() -> {
              mergeTasks.remove(key);
              if (isMerged(repo, branch)) return; // merging() journals it
              String why =
                  "merge task of "
                      + primary.get()
                      + " left "
                      + branch
                      + " unmerged"
                      + (o instanceof Outcome.Failed no ? ": " + no.error() : "");
              run.emit(new Event.MergeConflict(phase.name(), st.id(), branch, why));
            }));
  }

  private void askPerson(RunActor run, StepState st, String branch, Path repo, String reason) {
    String task = personTask(run, st);
    if (run.state.humanTasks().stream().anyMatch(h -> h.id().equals(task))) return;
    tasks.open(
        run,
        task,
        TaskKind.MERGE,
        "Branch "
            + branch
            + " of step "
            + st.id()
            + " conflicts with the working copy "
            + repo
            + ". Merge it by hand (git merge "
            + branch
            + "), then continue; or abort.",
        HumanAction.options(HumanAction.CONTINUE, HumanAction.ABORT),
        st.id(),
        reason,
        TaskCause.MERGE,
        true);
  }

  /** After a resume: worktrees a crash left behind are removed, except those still needed. */
  void recover(RunActor run) {
    for (Path wt : worktrees(run.id)) {
      String step = wt.getFileName().toString();
      StepState st = run.state.step(step).orElse(null);
      boolean needed =
          st != null
              && !run.state.collaboration().merged(step)
              && !Set.of(StepStatus.CANCELLED, StepStatus.SKIPPED, StepStatus.COMPENSATED)
                  .contains(st.status());
      if (!needed) repo(wt).ifPresentOrElse(r -> remove(r, wt), () -> deleteTree(wt));
    }
  }

  /** The run ended here: its worktrees go (branches not merged stay, for a person to look at). */
  void runEnded(RunActor run) {
    for (Path wt : worktrees(run.id))
      repo(wt).ifPresentOrElse(r -> remove(r, wt), () -> deleteTree(wt));
    deleteTree(stateDir.resolve("worktrees").resolve(run.id));
  }

  private List<Path> worktrees(String run) {
    Path dir = stateDir.resolve("worktrees").resolve(run);
    if (!Files.isDirectory(dir)) return List.of();
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(Files::isDirectory).toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static boolean isMerged(Path repo, String branch) {
    return Git.run(repo, "merge-base", "--is-ancestor", branch, "HEAD").ok();
  }

  /** The main working copy of a worktree. */
  private static Optional<Path> repo(Path wt) {
    Git.Result common = Git.run(wt, "rev-parse", "--path-format=absolute", "--git-common-dir");
    if (!common.ok()) return Optional.empty();
    Path git = Path.of(common.output().strip());
    return Optional.ofNullable(git.getParent());
  }

  private static void remove(Path repo, Path wt) {
    Git.Result r = Git.run(repo, "worktree", "remove", "--force", wt.toString());
    if (!r.ok()) deleteTree(wt);
    Git.run(repo, "worktree", "prune");
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("cannot remove {}", dir, e);
    }
  }

  private Path worktree(String run, String step) {
    return stateDir.toAbsolutePath().resolve("worktrees").resolve(run).resolve(step);
  }

  static String branch(String run, String step) {
    return "baton/" + run + "/" + step;
  }

  private static String personTask(RunActor run, StepState st) {
    return Ids.mergeTask(run.id, st.id());
  }

  private static Optional<Path> workdir(RunActor run, String agent) {
    return run.agent(agent)
        .map(AgentSpec::kind)
        .filter(k -> k instanceof AgentSpec.Command)
        .flatMap(k -> ((AgentSpec.Command) k).workdir())
        .map(w -> Path.of(w).toAbsolutePath());
  }

  private void warn(RunActor run, InFlight f, String reason) {
    run.emit(new Event.ProtocolWarning(f.step, f.agent, f.attempt, "isolation: branch", reason));
  }

  /** Merge tasks report nothing to the journal: their result is the branch, merged or not. */
  private static final class SilentReporter implements Reporter {
    @Override
    public void status(Status status) {}

    @Override
    public void finding(List<String> tags, String summary) {}

    @Override
    public void handoffNotes(Map<String, Object> notes) {}

    @Override
    public void gap(String capability, String reason) {}

    @Override
    public void review(String step, int quality) {}

    @Override
    public void warning(String line, String reason) {}
  }
}
