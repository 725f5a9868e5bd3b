package dev.baton.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.journal.CommandKind;
import dev.baton.journal.HumanAction;
import dev.baton.journal.HumanTask;
import dev.baton.journal.RunCommand;
import dev.baton.server.Access;
import dev.baton.workflow.Durations;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** {@code /api/v1/tasks}: the inbox of human tasks and their decisions. */
public final class TaskRoutes {
  public static final List<String> ACTIONS =
      Arrays.stream(HumanAction.values()).map(HumanAction::word).toList();

  private final ServerState s;
  private final RunRoutes runs;

  public TaskRoutes(ServerState s, RunRoutes runs) {
    this.s = s;
    this.runs = runs;
  }

  public void register(RoutesConfig r) {
    r.get(
        "/api/v1/tasks", ctx -> ctx.json(Documents.inbox(s.store().openHumanTasks())), Access.READ);
    r.post("/api/v1/tasks/{id}/decision", this::decide, Access.DECIDE);
  }

  private void decide(Context ctx) {
    String id = Bodies.id(ctx, "id");
    JsonNode body = Bodies.object(ctx);
    String action =
        Bodies.text(body, "action")
            .orElseThrow(() -> ApiError.badRequest("'action' is required: one of " + ACTIONS));
    List<String> args = new ArrayList<>(Bodies.texts(body, "args"));
    String run =
        decide(
            id,
            action,
            args,
            Bodies.text(body, "by").orElse(RunRoutes.who(ctx)),
            Bodies.text(body, "note").orElse(""));
    ctx.status(202)
        .json(
            Documents.MAPPER
                .createObjectNode()
                .put("task", id)
                .put("run", run)
                .put("action", action));
  }

  /**
   * Validates and queues a decision; the process executing the run applies it. Returns the task's
   * run.
   */
  public String decide(String id, String action, List<String> args, String by, String note) {
    HumanAction kind =
        HumanAction.of(action)
            .orElseThrow(() ->
                ApiError.badRequest("unknown action '" + action + "'; use one of " + ACTIONS));
    kind.argumentsProblem(args)
        .ifPresent(problem -> {
          throw ApiError.badRequest(problem);
        });
    if ((kind == HumanAction.CONTINUE || kind == HumanAction.APPROVE) && args.size() == 1) {
      try {
        Durations.parse(args.getFirst());
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest(e.getMessage());
      }
    }
    HumanTask t =
        s.store().humanTask(id).orElseThrow(() -> ApiError.notFound("no human task '" + id + "'"));
    if (t.decision().isPresent())
      throw ApiError.conflict("task " + id + " was already decided: " + t.decision().get());
    s.store()
        .submit(
            new RunCommand(
                0, t.run(), CommandKind.DECIDE, id, action, args, by, note, s.clock().instant()));
    runs.wakeOrphan(t.run());
    return t.run();
  }
}
