package dev.baton.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.HumanTask;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.server.Access;
import dev.baton.server.Role;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The A2A server side (docs/agent-protocols.md): the agent card at {@code
 * /.well-known/agent-card.json} offers the server's workflows as skills ({@link Skills}), and the
 * JSON-RPC endpoint {@code /a2a} (or {@code /a2a/SKILL}) starts one with {@code message/send},
 * follows it with {@code tasks/get} and stops it with {@code tasks/cancel}. An A2A task is a run:
 * its id is the run's id, its state the run's ({@code WAITING} is {@code input-required}, the open
 * human task's question its message; a {@code message/send} naming the task by {@code taskId}
 * answers that question, as {@code approve} with the message's text as the note, and needs a token
 * that may decide), and a completed task's artifact is the outputs of the run's steps in Baton's
 * reply shape ({@code {"output": {STEP: OUTPUT, …}}}), so that a Baton {@code http} agent with
 * {@code protocol: a2a} takes them as its step's output.
 *
 * <p>The message's id makes the call idempotent: the run's id is derived from it, so a message sent
 * again (a caller's retried attempt) answers with the run it started the first time.
 */
public final class A2aRoutes {
  private final ServerState s;
  private final RunRoutes runs;
  private final TaskRoutes tasks;
  private final Skills skills;

  public A2aRoutes(ServerState s, RunRoutes runs, TaskRoutes tasks) {
    this.s = s;
    this.runs = runs;
    this.tasks = tasks;
    this.skills = new Skills(s);
  }

  public void register(RoutesConfig r) {
    r.get("/.well-known/agent-card.json", this::card, Access.READ);
    r.post("/a2a", ctx -> rpc(ctx, Optional.empty()), Access.READ);
    r.post("/a2a/{skill}", ctx -> rpc(ctx, Optional.of(Bodies.id(ctx, "skill"))), Access.READ);
  }

  private void card(Context ctx) {
    String base = ctx.scheme() + "://" + ctx.host();
    ObjectNode card = Documents.MAPPER.createObjectNode();
    card.put("protocolVersion", "0.3.0");
    card.put("name", "Baton");
    card.put(
        "description",
        "Durable, phased workflows of specialist agents. Each skill is a workflow of this server:"
            + " message/send starts a run of it, tasks/get follows it.");
    card.put("url", base + "/a2a");
    card.put("preferredTransport", "JSONRPC");
    card.put("version", "0.1.0");
    card.putObject("capabilities")
        .put("streaming", false)
        .put("pushNotifications", false)
        .put("stateTransitionHistory", false);
    card.putArray("defaultInputModes").add("text/plain").add("application/json");
    card.putArray("defaultOutputModes").add("application/json");
    card.putObject("securitySchemes")
        .putObject("bearer")
        .put("type", "http")
        .put("scheme", "bearer")
        .put("description", "a Baton API token (`baton token create NAME --role operator`)");
    card.putArray("security").addObject().putArray("bearer");
    card.set("skills", skills.card());
    ctx.json(card);
  }

  // ---- JSON-RPC ------------------------------------------------------------------------------

  private void rpc(Context ctx, Optional<String> skill) {
    JsonNode request;
    try {
      request = Documents.MAPPER.readTree(ctx.body());
    } catch (Exception e) {
      ctx.json(error(null, -32700, "parse error: the body is not JSON"));
      return;
    }
    JsonNode id = request == null ? null : request.get("id");
    if (request == null
        || !request.isObject()
        || !"2.0".equals(request.path("jsonrpc").asText())
        || !request.path("method").isTextual()) {
      ctx.json(error(id, -32600, "invalid request: a JSON-RPC 2.0 request object is expected"));
      return;
    }
    JsonNode params = request.path("params");
    try {
      ObjectNode result =
          switch (request.get("method").asText()) {
            case "message/send" -> {
              Optional<String> task = textual(params.path("message").path("taskId"));
              if (task.isPresent()) {
                // an answer to a task in input-required: it decides the run's open human task
                permit(ctx, Role.Permission.DECIDE);
                yield answer(ctx, task.get(), params.path("message"));
              }
              permit(ctx, Role.Permission.RUN);
              yield send(ctx, skill, params);
            }
            case "tasks/get" -> task(taskId(params));
            case "tasks/cancel" -> {
              permit(ctx, Role.Permission.RUN);
              yield cancel(ctx, taskId(params));
            }
            default -> throw new Failure(-32601, "method not found: " + request.get("method"));
          };
      ObjectNode answer = Documents.MAPPER.createObjectNode().put("jsonrpc", "2.0");
      answer.set("id", id);
      answer.set("result", result);
      ctx.json(answer);
    } catch (Failure f) {
      ctx.json(error(id, f.code, f.getMessage()));
    }
  }

  /** A JSON-RPC error; refusals of the role stay HTTP 403 like every route's. */
  private static final class Failure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;

    Failure(int code, String message) {
      super(message);
      this.code = code;
    }
  }

  private static void permit(Context ctx, Role.Permission needed) {
    Principal p = ctx.attribute(Principal.ATTRIBUTE);
    if (p == null || p.role().map(r -> !r.may(needed)).orElse(true))
      throw new ApiError(
          403,
          "the token's role may not "
              + (needed == Role.Permission.DECIDE ? "answer human tasks" : "start or cancel runs"));
  }

  private ObjectNode send(Context ctx, Optional<String> skillInPath, JsonNode params) {
    JsonNode message = params.path("message");
    if (!message.isObject() || !message.path("parts").isArray())
      throw new Failure(-32602, "invalid params: 'message' with 'parts' is required");
    String text = "";
    ObjectNode data = Documents.MAPPER.createObjectNode();
    for (JsonNode p : message.path("parts")) {
      if ("text".equals(p.path("kind").asText()))
        text += (text.isEmpty() ? "" : "\n") + p.path("text").asText();
      if ("data".equals(p.path("kind").asText()) && p.path("data").isObject())
        data.setAll((ObjectNode) p.path("data"));
    }
    Optional<String> named =
        skillInPath
            .or(() -> textual(params.path("metadata").path("skill")))
            .or(() -> textual(message.path("metadata").path("skill")))
            .or(() -> textual(data.path("skill")));
    Skills.Skill skill =
        skills
            .pick(named)
            .orElseThrow(() ->
                new Failure(
                    -32602,
                    named
                        .map(n -> "no skill '" + n + "': see the agent card's skills")
                        .orElse(
                            "name the skill (workflow) in params.metadata.skill or post to"
                                + " /a2a/SKILL: this server offers "
                                + skills.names())));
    Map<String, String> inputs = skill.inputs(data.path("inputs"), text);
    Optional<String> run = textual(message.path("messageId")).map(m -> runId(skill.name(), m));
    if (run.isPresent() && s.store().run(run.get()).isPresent()) return task(run.get());
    ObjectNode body = Documents.MAPPER.createObjectNode().put("workflow", skill.path());
    body.set("inputs", Documents.MAPPER.valueToTree(inputs));
    run.ifPresent(x -> body.put("id", x));
    try {
      return task(runs.startRun(body, ctx));
    } catch (ApiError e) {
      if (e.status() == 409 && run.isPresent()) return task(run.get()); // sent twice at once
      if (e.status() == 400) throw new Failure(-32602, "invalid params: " + e.getMessage());
      throw e;
    }
  }

  /**
   * A message on an existing task: the text answers the run's open human task (approve with the
   * text as the note). When the run no longer waits (the answer came twice), the task as it is.
   */
  private ObjectNode answer(Context ctx, String run, JsonNode message) {
    if (!run.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,199}") || s.store().run(run).isEmpty())
      throw new Failure(-32001, "task not found: " + run);
    StringBuilder text = new StringBuilder();
    for (JsonNode p : message.path("parts")) {
      if ("text".equals(p.path("kind").asText()))
        text.append(text.isEmpty() ? "" : "\n").append(p.path("text").asText());
      if ("data".equals(p.path("kind").asText()))
        text.append(text.isEmpty() ? "" : "\n").append(p.path("data"));
    }
    Optional<HumanTask> open =
        s.store().openHumanTasks().stream().filter(t -> t.run().equals(run)).findFirst();
    if (open.isPresent()) {
      try {
        tasks.decide(open.get().id(), "approve", List.of(), RunRoutes.who(ctx), text.toString());
      } catch (ApiError e) {
        if (e.status() != 409) throw e; // decided meanwhile: the task as it is
      }
    }
    return task(run);
  }

  private ObjectNode cancel(Context ctx, String id) {
    try {
      runs.cancelRun(id, RunRoutes.who(ctx), "cancelled through A2A");
    } catch (ApiError e) {
      if (e.status() == 409)
        throw new Failure(-32002, "task " + id + " cannot be canceled: " + e.getMessage());
      throw e;
    }
    return task(id);
  }

  private static String taskId(JsonNode params) {
    return textual(params.path("id"))
        .filter(x -> x.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,199}"))
        .orElseThrow(() -> new Failure(-32602, "invalid params: the task's 'id' is required"));
  }

  /** The A2A task of a run. */
  ObjectNode task(String run) {
    var entries = s.store().read(run, 0);
    if (entries.isEmpty()) throw new Failure(-32001, "task not found: " + run);
    RunState st = RunState.replay(run, entries);
    ObjectNode task = Documents.MAPPER.createObjectNode();
    task.put("kind", "task");
    task.put("id", run);
    task.put("contextId", run);
    ObjectNode status = task.putObject("status");
    status.put("state", state(st.status()));
    status.put("timestamp", entries.getLast().time().toString());
    Optional<String> said =
        switch (st.status()) {
          case WAITING ->
              s.store().openHumanTasks().stream()
                  .filter(t -> t.run().equals(run))
                  .map(HumanTask::question)
                  .findFirst();
          case FAILED, ROLLED_BACK, CANCELLED -> st.endReason();
          default -> Optional.empty();
        };
    said.ifPresent(text -> {
      ObjectNode m = status.putObject("message");
      m.put("kind", "message").put("role", "agent").put("messageId", run + "-" + st.lastSeq());
      m.putArray("parts").addObject().put("kind", "text").put("text", text);
    });
    if (st.status() == RunStatus.SUCCEEDED) {
      ObjectNode outputs = Documents.MAPPER.createObjectNode();
      for (var step : st.steps())
        if (step.output() != null)
          outputs.set(step.id(), Documents.MAPPER.valueToTree(step.output()));
      ObjectNode artifact = task.putArray("artifacts").addObject();
      artifact.put("artifactId", run + "-outputs").put("name", "outputs");
      var parts = artifact.putArray("parts");
      parts.addObject().put("kind", "data").putObject("data").set("output", outputs);
    }
    task.putObject("metadata").put("workflow", st.workflow()).put("state", st.status().name());
    return task;
  }

  private static String state(RunStatus status) {
    return switch (status) {
      case PENDING -> "submitted";
      case RUNNING -> "working";
      case WAITING -> "input-required";
      case SUCCEEDED -> "completed";
      case FAILED, ROLLED_BACK -> "failed";
      case CANCELLED -> "canceled";
    };
  }

  /** The run a message starts: the same message (the same caller's attempt) always names it. */
  static String runId(String skill, String messageId) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest((skill + "\n" + messageId).getBytes(StandardCharsets.UTF_8));
      return skill + "-a2a-" + HexFormat.of().formatHex(h, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<String> textual(JsonNode n) {
    return n != null && n.isTextual() && !n.asText().isBlank()
        ? Optional.of(n.asText())
        : Optional.empty();
  }

  private static ObjectNode error(JsonNode id, int code, String message) {
    ObjectNode e = Documents.MAPPER.createObjectNode().put("jsonrpc", "2.0");
    e.set("id", id);
    e.putObject("error").put("code", code).put("message", message);
    return e;
  }
}
