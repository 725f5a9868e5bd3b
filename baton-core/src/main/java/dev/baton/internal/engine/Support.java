package dev.baton.internal.engine;

import dev.baton.agent.Agent;
import dev.baton.agent.Cancellation;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.agent.Reporter;
import dev.baton.agent.Status;
import dev.baton.journal.Event;
import dev.baton.journal.EventCodec;
import dev.baton.journal.HumanAction;
import dev.baton.journal.TaskCause;
import dev.baton.journal.TaskKind;
import dev.baton.resource.Need;
import dev.baton.run.RunStatus;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Priority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Support requests (docs/agent-protocols.md): an agent's {@code requestedSupport} entry, journaled
 * as {@code SupportRequested}, becomes a support task for {@code fromAgent} (or, when absent, the
 * agent whose capabilities and keywords best match the reason). Support tasks queue for their
 * helper's slot by urgency ({@code critical} first) like steps do by priority. The helper's output
 * is journaled as {@code SupportAnswered}, lands in the requester's {@code BATON_INBOX} as {@code
 * ID.json} while it still works, and reaches every later handoff as output {@code support:ID}. A
 * {@code critical} request nobody can answer opens a human task.
 *
 * <p>Support tasks are not steps: they are outside the phase's gate (a phase does not wait for help
 * nobody waits for any more), they have no retries, and they are recorded by the request and its
 * answer, so a request still open after a crash is asked again when the run resumes.
 */
final class Support {
  private static final Logger log = LoggerFactory.getLogger(Support.class);
  private final Agents agents;
  private final Resources resources;
  private final HumanTasks tasks;
  private final ConcurrentHashMap<String, Cancellation> active = new ConcurrentHashMap<>();

  Support(Agents agents, Resources resources, HumanTasks tasks) {
    this.agents = agents;
    this.resources = resources;
    this.tasks = tasks;
  }

  /** On the run's thread, right after the request was emitted. */
  void requested(RunActor run, Event.SupportRequested r) {
    start(run, r);
  }

  /** After a resume: requests still open are asked again. */
  void recover(RunActor run) {
    for (Event.SupportRequested r : List.copyOf(run.state.collaboration().openRequests().values()))
      start(run, r);
  }

  /** The run ended here: its support tasks stop. */
  void runEnded(RunActor run) {
    active.forEach((key, c) -> {
      if (key.startsWith(Ids.step(run.id, ""))) c.cancel("run ended");
    });
  }

  private void start(RunActor run, Event.SupportRequested r) {
    String key = Ids.step(run.id, step(r));
    if (active.containsKey(key)) return;
    Optional<String> helper = helper(run, r);
    if (helper.isEmpty()) {
      String why = "no agent can help with: " + r.reason();
      if ("critical".equalsIgnoreCase(r.urgency())) {
        String task = Ids.supportTask(run.id, r.request());
        tasks.open(
            run,
            task,
            TaskKind.INPUT,
            "Agent "
                + r.agent()
                + " (step "
                + r.step()
                + ") needs help and no agent can give it: "
                + r.reason(),
            HumanAction.options(HumanAction.CONTINUE, HumanAction.ABORT),
            r.step(),
            why,
            TaskCause.SUPPORT,
            true);
      }
      answer(run, r, AgentSpec.META, Map.of("answered", false, "reason", why));
      return;
    }
    String agent = helper.get();
    Cancellation cancellation = new Cancellation();
    active.put(key, cancellation);
    List<Need> needs =
        List.of(Need.agentSlot(agent, run.agent(agent).map(AgentSpec::capacity).orElse(1)));
    boolean granted =
        resources
            .acquire(
                run,
                step(r),
                priority(r.urgency()),
                false,
                needs,
                () -> open(run, r) && !cancellation.isCancelled(),
                () -> launch(run, r, agent, cancellation))
            .granted();
    if (granted) launch(run, r, agent, cancellation);
  }

  private void launch(
      RunActor run, Event.SupportRequested r, String helper, Cancellation cancellation) {
    Agent agent;
    try {
      agent = agents.agentFor(run, helper);
    } catch (RuntimeException e) {
      finished(run, r, helper, Outcome.failed(e.getMessage()));
      return;
    }
    String step = step(r);
    String key = Ids.attempt(run.id, step, 1);
    List<String> constraints = new ArrayList<>(run.workflow.constraints());
    Handoff handoff =
        new Handoff(
            r.agent(),
            helper,
            key,
            "Agent " + r.agent() + " asks for your help on step " + r.step() + ": " + r.reason(),
            new Handoff.Context("", "", constraints, List.of(r.step())),
            "An answer that lets " + r.agent() + " go on with its task",
            null,
            List.of(),
            run.state.inputs(),
            outputs(run),
            key);
    AttemptImpl attempt =
        new AttemptImpl(
            run.id,
            step,
            helper,
            1,
            false,
            new HelperReporter(run, r.step(), helper),
            agents.inbox(run.id, step),
            agents.secrets(),
            cancellation,
            Map.of(),
            Optional.empty(),
            Variables.snapshot(run.state, run.workflow, run.now(), null));
    agents.performSide(agent, handoff, attempt, o -> run.send(() -> finished(run, r, helper, o)));
  }

  private void finished(RunActor run, Event.SupportRequested r, String helper, Outcome o) {
    active.remove(Ids.step(run.id, step(r)));
    resources.release(run, step(r));
    if (!open(run, r)) return;
    Object output =
        switch (o) {
          case Outcome.Succeeded ok -> ok.output();
          case Outcome.Failed no -> Map.of("answered", false, "error", no.error());
        };
    answer(run, r, helper, output);
  }

  private void answer(RunActor run, Event.SupportRequested r, String by, Object output) {
    run.emit(new Event.SupportAnswered(r.step(), by, r.request(), output));
    Map<String, Object> file = new LinkedHashMap<>();
    file.put("request", r.request());
    file.put("fromAgent", by);
    file.put("reason", r.reason());
    file.put("urgency", r.urgency());
    file.put("output", output);
    Inboxes.Folder inbox = agents.inbox(run.id, r.step());
    run.afterCommit(() -> write(inbox, r.request(), file));
  }

  /** Written whole, then moved into place: an agent watching its inbox never reads half a file. */
  private static void write(Inboxes.Folder folder, String request, Object content) {
    Path inbox = folder.path();
    try {
      folder.create();
      Path tmp = inbox.resolve("." + request + ".json.tmp");
      Files.write(tmp, EventCodec.mapper().writeValueAsBytes(content));
      Files.move(
          tmp,
          inbox.resolve(request + ".json"),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      log.warn("cannot write support answer {} to {}", request, inbox, e);
    }
  }

  private static boolean open(RunActor run, Event.SupportRequested r) {
    return run.state.collaboration().request(r.request()).isPresent()
        && !run.state.status().finished()
        && run.state.status() != RunStatus.PENDING;
  }

  /**
   * {@code fromAgent} when the run knows it; else the best match of capabilities and keywords with
   * the reason.
   */
  private static Optional<String> helper(RunActor run, Event.SupportRequested r) {
    if (r.fromAgent() != null && !r.fromAgent().isBlank()) {
      AgentSpec a = run.agents.get(r.fromAgent());
      return a == null || a.kind() instanceof AgentSpec.Meta
          ? Optional.empty()
          : Optional.of(a.name());
    }
    String text = r.reason() == null ? "" : r.reason().toLowerCase(Locale.ROOT);
    String best = null;
    int bestScore = 0;
    for (AgentSpec a : run.agents.values()) {
      if (a.kind() instanceof AgentSpec.Meta
          || a.kind() instanceof AgentSpec.Human
          || a.name().equals(r.agent())) continue;
      int score = 0;
      for (String k : a.keywords()) if (text.contains(k.toLowerCase(Locale.ROOT))) score++;
      for (String c : a.capabilities()) {
        String cap = c.toLowerCase(Locale.ROOT);
        if (text.contains(cap) || text.contains(cap.replace('-', ' '))) score++;
      }
      if (score > bestScore) {
        best = a.name();
        bestScore = score;
      }
    }
    return Optional.ofNullable(best);
  }

  private static Map<String, Object> outputs(RunActor run) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String id : run.state.completionOrder())
      run.state
          .step(id)
          .ifPresent(s -> {
            if (s.output() != null) out.put(id, s.output());
          });
    return out;
  }

  static Priority priority(String urgency) {
    return switch (urgency == null ? "" : urgency.toLowerCase(Locale.ROOT)) {
      case "critical" -> Priority.CRITICAL;
      case "high" -> Priority.HIGH;
      case "low" -> Priority.LOW;
      default -> Priority.NORMAL;
    };
  }

  private static String step(Event.SupportRequested r) {
    return Ids.supportStep(r.request());
  }

  /**
   * What a helper reports: findings and protocol warnings reach the journal under the requester's
   * step.
   */
  private record HelperReporter(RunActor run, String step, String agent) implements Reporter {
    @Override
    public void status(Status status) {}

    @Override
    public void finding(List<String> tags, String summary) {
      run.send(() ->
          run.emit(
              new Event.FindingReported(
                  step, agent, tags == null ? List.of() : List.copyOf(tags), summary)));
    }

    @Override
    public void handoffNotes(Map<String, Object> notes) {}

    @Override
    public void gap(String capability, String reason) {
      run.send(() -> run.emit(new Event.KnowledgeGap(step, agent, capability, reason)));
    }

    @Override
    public void review(String reviewed, int quality) {}

    @Override
    public void warning(String line, String reason) {
      run.send(() -> run.emit(new Event.ProtocolWarning(step, agent, 0, line, reason)));
    }
  }
}
