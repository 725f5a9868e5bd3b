package dev.baton.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.BatonException;
import dev.baton.RequestRefusedException;
import dev.baton.journal.CommandKind;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.RunCommand;
import dev.baton.metrics.Feedback;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import dev.baton.server.Access;
import dev.baton.store.RunFeedback;
import dev.baton.workflow.InvalidWorkflowException;
import dev.baton.workflow.Workflow;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.sse.SseHandler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/runs}: list, start, show, cancel, feedback and the journal (JSON lines or SSE).
 */
public final class RunRoutes {
  private final ServerState s;

  public RunRoutes(ServerState s) {
    this.s = s;
  }

  public void register(RoutesConfig r) {
    r.get("/api/v1/runs", this::list, Access.READ);
    r.post("/api/v1/runs", this::start, Access.RUN);
    r.get("/api/v1/runs/{id}", this::show, Access.READ);
    r.get("/api/v1/runs/{id}/summary", this::brief, Access.READ);
    r.post("/api/v1/runs/{id}/cancel", this::cancel, Access.RUN);
    r.post("/api/v1/runs/{id}/feedback", this::feedback, Access.FEEDBACK);
    r.get("/api/v1/runs/{id}/events", this::events, Access.READ);
  }

  /** Runs newest first, filtered by {@code state}, {@code workflow}, at most {@code limit}. */
  public List<RunSummary> runs(Context ctx) {
    Optional<String> state =
        Optional.ofNullable(ctx.queryParam("state"))
            .filter(x -> !x.isBlank())
            .map(x -> {
              String word = x.toUpperCase(Locale.ROOT);
              if (word.equals(RunSummary.PAUSED)) return word;
              try {
                return RunStatus.valueOf(word).name();
              } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("unknown state '" + x + "'");
              }
            });
    Set<String> executing = executing();
    Optional<String> workflow =
        Optional.ofNullable(ctx.queryParam("workflow")).filter(x -> !x.isBlank());
    int limit = limit(ctx.queryParam("limit"));
    return s.store().runs().stream()
        .filter(r -> state.map(x -> r.listedState(executing).equals(x)).orElse(true))
        .filter(r -> workflow.map(w -> r.workflow().equals(w)).orElse(true))
        .sorted(Comparator.comparing(RunSummary::started).reversed())
        .limit(limit)
        .toList();
  }

  private void list(Context ctx) {
    var list = Documents.runs(runs(ctx), s.clock().instant(), executing());
    // the node executing each run (several servers on one store, docs/cluster.md)
    java.util.Map<String, String> holders = s.store().leaseHolders();
    for (var n : list)
      ((com.fasterxml.jackson.databind.node.ObjectNode) n)
          .put("node", Documents.node(holders.get(n.path("run").asText())));
    ctx.json(list);
  }

  /** The unfinished runs some live process executes (the others are listed as paused). */
  private Set<String> executing() {
    return s.store().executing(s.store().unfinishedRuns());
  }

  private static int limit(String text) {
    if (text == null || text.isBlank()) return Integer.MAX_VALUE;
    try {
      int n = Integer.parseInt(text);
      if (n < 1) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("'limit' must be a positive integer, was '" + text + "'");
    }
  }

  private void start(Context ctx) {
    String run = startRun(Bodies.object(ctx), ctx);
    ctx.status(201).header("Location", "/api/v1/runs/" + run);
    ctx.json(Documents.MAPPER.createObjectNode().put("run", run));
  }

  /** Starts a run from a start request's body; returns its id. */
  public String startRun(JsonNode body, Context ctx) {
    Optional<String> path = Bodies.text(body, "workflow");
    Optional<String> yaml = Bodies.text(body, "yaml");
    if (path.isPresent() == yaml.isPresent())
      throw ApiError.badRequest("give either 'workflow' (a path) or 'yaml' (the workflow's text)");
    Optional<String> id = Bodies.text(body, "id");
    id.ifPresent(x -> {
      if (s.store().run(x).isPresent())
        throw ApiError.conflict("a run with id '" + x + "' already exists");
    });
    Workflow wf;
    try {
      wf =
          path.isPresent()
              ? s.loader().load(file(path.get()), Bodies.text(body, "agents").map(this::file))
              : inline(yaml.get());
    } catch (InvalidWorkflowException e) {
      throw ApiError.badRequest(
          "invalid workflow:\n"
              + String.join("\n", e.problems().stream().map(Object::toString).toList()));
    }
    Optional<String> priority = Bodies.text(body, "priority");
    if (priority.isPresent()) wf = Priorities.with(wf, priority.get());
    try {
      var handle = s.baton().start(wf, Bodies.strings(body, "inputs"), id);
      s.runner().track(handle, "started by " + who(ctx));
      return handle.id();
    } catch (RequestRefusedException e) {
      throw e.getMessage().contains("already exists")
          ? ApiError.conflict(e.getMessage())
          : ApiError.badRequest(e.getMessage());
    }
  }

  private Path file(String given) {
    Path root = s.workflowRoot().toAbsolutePath().normalize();
    Path p = root.resolve(given).normalize();
    if (!p.startsWith(root))
      throw ApiError.badRequest("workflow paths are relative to the server's folder " + root);
    if (!Files.isRegularFile(p)) throw ApiError.badRequest("no such workflow file: " + given);
    return p;
  }

  private Workflow inline(String yaml) {
    Path root = s.workflowRoot().toAbsolutePath().normalize();
    Path agents = root.resolve("agents.yaml");
    Optional<String> agentsText = Optional.empty();
    if (Files.isRegularFile(agents)) {
      try {
        agentsText = Optional.of(Files.readString(agents));
      } catch (IOException e) {
        throw new BatonException("cannot read " + agents + ": " + e.getMessage(), e);
      }
    }
    return s.loader()
        .load(
            new Workflow.Sources(
                root.resolve("inline.yaml").toString(),
                yaml,
                agentsText.map(x -> agents.toString()),
                agentsText));
  }

  private RunSummary summary(String id) {
    return s.store().run(id).orElseThrow(() -> ApiError.notFound("no run with id '" + id + "'"));
  }

  private void show(Context ctx) {
    String id = Bodies.id(ctx, "id");
    List<JournalEntry> entries = s.store().read(id, 0);
    if (entries.isEmpty()) throw ApiError.notFound("no run with id '" + id + "'");
    ctx.json(
        Documents.show(RunState.replay(id, entries))
            .put("node", Documents.node(s.store().leaseHolder(id).orElse(null))));
  }

  /**
   * One run's entry of the list, and its primary agent: what a client needs to find a run and its
   * state without reading the list of every run or its journal.
   */
  private void brief(Context ctx) {
    RunSummary r = summary(Bodies.id(ctx, "id"));
    ctx.json(
        Documents.run(r, s.clock().instant(), s.store().executing(List.of(r.run())))
            .put("primary", r.primary().orElse(null))
            .put("node", Documents.node(s.store().leaseHolder(r.run()).orElse(null))));
  }

  private void cancel(Context ctx) {
    String id = Bodies.id(ctx, "id");
    JsonNode body = Bodies.object(ctx);
    cancelRun(id, Bodies.text(body, "by").orElse(who(ctx)), Bodies.text(body, "note").orElse(""));
    ctx.status(202)
        .json(Documents.MAPPER.createObjectNode().put("run", id).put("cancel", "requested"));
  }

  /** Queues a cancel for the process executing the run (this one, once it takes it over). */
  public void cancelRun(String id, String by, String note) {
    RunSummary r = summary(id);
    if (r.state().finished()) throw ApiError.conflict("run " + id + " already ended " + r.state());
    s.store()
        .submit(
            new RunCommand(
                0,
                id,
                CommandKind.CANCEL,
                null,
                CommandKind.CANCEL.word(),
                List.of(),
                by,
                note,
                s.clock().instant()));
    wakeOrphan(id);
  }

  private void feedback(Context ctx) {
    String id = Bodies.id(ctx, "id");
    JsonNode body = Bodies.object(ctx);
    RunSummary summary = summary(id);
    Feedback f;
    try {
      f =
          new Feedback(
              Bodies.text(body, "step"),
              Bodies.integer(body, "quality"),
              Bodies.integer(body, "collaboration"),
              Bodies.integer(body, "satisfaction"),
              Bodies.text(body, "by").orElse(who(ctx)));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    RunFeedback.Result result;
    try {
      result = RunFeedback.record(s.store(), summary, f, s.clock(), s.runner().executes(id));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest(e.getMessage());
    }
    if (result instanceof RunFeedback.Sent) {
      ctx.status(202)
          .json(Documents.MAPPER.createObjectNode().put("run", id).put("feedback", "sent"));
      return;
    }
    s.hub().accept(List.of(((RunFeedback.Recorded) result).entry()));
    ctx.status(201)
        .json(Documents.MAPPER.createObjectNode().put("run", id).put("feedback", "recorded"));
  }

  private void events(Context ctx) throws Exception {
    String id = Bodies.id(ctx, "id");
    summary(id);
    long after = after(ctx);
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains("text/event-stream")) {
      new SseHandler(0, client -> s.hub().stream(id, after, client)).handle(ctx);
      return;
    }
    StringBuilder out = new StringBuilder();
    for (JournalEntry e : s.store().read(id, after)) out.append(Documents.event(e)).append('\n');
    ctx.contentType("application/x-ndjson; charset=utf-8").result(out.toString());
  }

  /** {@code Last-Event-ID} (an SSE reconnect) or {@code ?after=SEQ}: events after that seq. */
  private static long after(Context ctx) {
    String v = ctx.header("Last-Event-ID");
    if (v == null || v.isBlank()) v = ctx.queryParam("after");
    if (v == null || v.isBlank()) return 0;
    try {
      long n = Long.parseLong(v.strip());
      if (n < 0) throw new NumberFormatException();
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("the last event id must be a seq number, was '" + v + "'");
    }
  }

  /** A command for a run nobody executes is applied once this server takes the run over. */
  public void wakeOrphan(String id) {
    if (!s.runner().executes(id)) Thread.ofVirtual().name("baton-sweep").start(s.runner()::sweep);
  }

  public static String who(Context ctx) {
    Principal p = ctx.attribute(Principal.ATTRIBUTE);
    return p == null ? "" : p.name();
  }
}
