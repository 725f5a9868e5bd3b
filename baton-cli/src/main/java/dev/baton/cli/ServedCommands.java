package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.BatonException;
import dev.baton.RunHandle;
import dev.baton.improve.ConfigBook;
import dev.baton.improve.ReviewBusyException;
import dev.baton.improve.ReviewKind;
import dev.baton.improve.ReviewScheduler;
import dev.baton.improve.Reviewer;
import dev.baton.server.Access;
import dev.baton.server.AttemptTokens;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.ConflictResponse;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;

/**
 * The routes behind the commands that change or judge the store as a whole, so that they too work
 * through a server ({@code --server}): {@code resume}, {@code prune}, {@code review}, {@code config
 * rollback} (operators) and {@code meta triage} (viewers). Each answers the document the command
 * prints from, so the output is the same either way (docs/server.md).
 */
final class ServedCommands {
  private ServedCommands() {}

  static void register(RoutesConfig routes, Context ctx, AttemptTokens attempts) {
    Clock clock = Clock.systemUTC();
    Path root = Path.of("").toAbsolutePath();
    routes.post(
        "/api/v1/runs/{id}/resume",
        c -> {
          String id = c.pathParam("id");
          if (!id.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,199}"))
            throw new BadRequestResponse("'" + id + "' is not a valid run id");
          var run =
              ctx.store
                  .run(id)
                  .orElseThrow(() -> new NotFoundResponse("no run with id '" + id + "'"));
          if (run.state().finished())
            throw new ConflictResponse("run " + id + " already ended " + run.state());
          try {
            ctx.baton(attempts).resume(id);
          } catch (BatonException e) {
            throw new ConflictResponse(e.getMessage());
          }
          c.json(Json.MAPPER.createObjectNode().put("run", id).put("resumed", true));
        },
        Access.RUN);
    routes.post(
        "/api/v1/runs/resume",
        c -> {
          // the runs this server executes already are no news: only those it takes up now
          var baton = ctx.baton(attempts);
          String me = baton.owner().toString();
          java.util.Set<String> mine = new java.util.HashSet<>();
          ctx.store
              .leaseHolders()
              .forEach((run, holder) -> {
                if (holder.equals(me)) mine.add(run);
              });
          var runs = Json.MAPPER.createArrayNode();
          for (RunHandle h : baton.resumeAll()) if (!mine.contains(h.id())) runs.add(h.id());
          c.json(Json.MAPPER.createObjectNode().set("runs", runs));
        },
        Access.RUN);
    routes.post(
        "/api/v1/prune",
        c -> {
          JsonNode body = body(c);
          Instant cutoff;
          try {
            cutoff = Instant.parse(body.path("endedBefore").asText(""));
          } catch (DateTimeException e) {
            throw new BadRequestResponse(
                "'endedBefore' must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
          }
          c.json(PruneCmd.document(ctx.store.prune(cutoff), cutoff));
        },
        Access.RUN);
    routes.post(
        "/api/v1/reviews",
        c -> {
          JsonNode body = body(c);
          String word = body.path("kind").asText("");
          ReviewKind kind =
              ReviewKind.of(word)
                  .orElseThrow(() ->
                      new BadRequestResponse(
                          "unknown review '" + word + "': use daily, weekly or monthly"));
          var improvement = ProjectConfig.improvement();
          Instant end;
          try {
            end = body.hasNonNull("at") ? Instant.parse(body.get("at").asText()) : clock.instant();
          } catch (DateTimeException e) {
            throw new BadRequestResponse("'at' must be an ISO-8601 instant");
          }
          Reviewer reviewer =
              new Reviewer(ctx.store, improvement, ProjectConfig.monitoring(), clock);
          try {
            c.json(
                ReviewCmd.document(
                    new ReviewScheduler(ctx.store, reviewer, clock, ctx.stateDir.resolve("reviews"))
                        .reviewNow(kind, end.atZone(improvement.timezone()))));
          } catch (ReviewBusyException e) {
            throw new ConflictResponse("not reviewed: " + e.getMessage());
          }
        },
        Access.RUN);
    routes.post(
        "/api/v1/config/rollback",
        c -> {
          JsonNode body = body(c);
          if (!body.path("version").canConvertToLong() || !body.path("version").isIntegralNumber())
            throw new BadRequestResponse("'version' must be an integer");
          long version = body.get("version").asLong();
          String by = body.path("by").asText("");
          try {
            c.json(
                ConfigCmd.Rollback.document(
                    new ConfigBook(ctx.store, clock).rollback(version, "rollback by " + by),
                    version));
          } catch (BatonException e) {
            throw new ConflictResponse(e.getMessage());
          }
        },
        Access.RUN);
    routes.post(
        "/api/v1/meta/triage",
        c -> {
          JsonNode body = body(c);
          if (!body.path("report").isTextual())
            throw new BadRequestResponse("'report' must be the report's text");
          String agents = body.path("agents").asText("agents.yaml");
          Path file = root.resolve(agents).normalize();
          if (!file.startsWith(root))
            throw new BadRequestResponse(
                "agents files are relative to the server's folder " + root);
          java.util.List<String> team = new java.util.ArrayList<>();
          for (JsonNode n : body.path("team")) team.add(n.asText());
          try {
            c.json(
                MetaTriageCmd.triage(
                    body.get("report").asText(),
                    MetaTriageCmd.team(file, team),
                    java.util.Optional.of(ctx.store)));
          } catch (UserError e) {
            throw new BadRequestResponse(e.getMessage());
          }
        },
        Access.READ);
    routes.get(
        "/api/v1/meta/examples",
        c -> c.json(MetaExamplesCmd.json(dev.baton.meta.Examples.of(ctx.store))),
        Access.READ);
    routes.post(
        "/api/v1/meta/examples",
        c -> {
          JsonNode body = body(c);
          String agent = body.path("agent").asText("");
          String report = body.path("report").asText("");
          String by = body.path("by").asText("");
          try {
            String id = MetaExamplesCmd.learn(ctx.store, report, agent, by);
            c.status(201).json(Json.MAPPER.createObjectNode().put("id", id));
          } catch (UserError e) {
            throw new BadRequestResponse(e.getMessage());
          }
        },
        Access.RUN);
    routes.post(
        "/api/v1/meta/examples/{id}/remove",
        c -> {
          String id = c.pathParam("id");
          String by = body(c).path("by").asText("");
          try {
            MetaExamplesCmd.remove(ctx.store, id, by);
          } catch (UserError e) {
            throw new NotFoundResponse(e.getMessage());
          }
          c.json(Json.MAPPER.createObjectNode().put("removed", id));
        },
        Access.RUN);
  }

  private static JsonNode body(io.javalin.http.Context c) {
    String text = c.body();
    if (text.isBlank()) return Json.MAPPER.createObjectNode();
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      if (node instanceof ObjectNode) return node;
    } catch (IOException e) {
      throw new BadRequestResponse("the body is not JSON: " + e.getMessage());
    }
    throw new BadRequestResponse("the body must be a JSON object");
  }
}
