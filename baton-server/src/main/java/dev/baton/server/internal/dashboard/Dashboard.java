package dev.baton.server.internal.dashboard;

import static dev.baton.server.internal.dashboard.Html.esc;

import dev.baton.journal.HumanTask;
import dev.baton.journal.JournalEntry;
import dev.baton.run.RunState;
import dev.baton.run.RunSummary;
import dev.baton.server.Access;
import dev.baton.server.internal.ApiError;
import dev.baton.server.internal.Auth;
import dev.baton.server.internal.Bodies;
import dev.baton.server.internal.MonitoringRoutes;
import dev.baton.server.internal.RunRoutes;
import dev.baton.server.internal.ServerState;
import dev.baton.server.internal.TaskRoutes;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard at {@code /}: server-rendered pages made live with htmx and its SSE extension
 * (fragments reload when the journal they show grows), signed in with a token kept in an HttpOnly,
 * SameSite=Strict cookie. Forms that change state carry the CSRF token.
 */
public final class Dashboard {
  private final ServerState s;
  private final RunRoutes runs;
  private final TaskRoutes tasks;
  private final MonitoringRoutes monitoring;
  private final String css;

  public Dashboard(ServerState s, RunRoutes runs, TaskRoutes tasks, MonitoringRoutes monitoring) {
    this.s = s;
    this.monitoring = monitoring;
    this.runs = runs;
    this.tasks = tasks;
    try (InputStream in =
        Dashboard.class.getResourceAsStream("/dev/baton/server/dashboard/style.css")) {
      this.css = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void register(RoutesConfig r) {
    r.get(
        "/ui/style.css",
        ctx -> ctx.contentType("text/css; charset=utf-8").result(css),
        Access.PUBLIC);
    r.get("/login", this::loginPage, Access.PUBLIC);
    r.post("/login", this::login, Access.PUBLIC);
    r.post("/logout", this::logout, Access.READ);
    r.get("/", ctx -> page(ctx, "Runs", "Runs", runsPage(ctx)), Access.READ);
    r.get("/ui/runs", ctx -> ctx.html(runsTable(ctx)), Access.READ);
    r.post("/ui/runs", this::startRun, Access.RUN);
    r.get("/runs/{id}", this::runPage, Access.READ);
    r.get(
        "/ui/runs/{id}/timeline",
        ctx -> ctx.html(Timeline.of(state(ctx), s, csrf(ctx))),
        Access.READ);
    r.post("/ui/runs/{id}/cancel", this::cancel, Access.RUN);
    r.get("/inbox", ctx -> page(ctx, "Inbox", "Inbox", live("/ui/inbox")), Access.READ);
    r.get("/ui/inbox", ctx -> ctx.html(inbox(csrf(ctx))), Access.READ);
    r.post("/ui/tasks/{id}/decision", this::decide, Access.DECIDE);
    r.get("/agents", ctx -> page(ctx, "Agents", "Agents", live("/ui/agents")), Access.READ);
    r.get("/ui/agents", ctx -> ctx.html(Boards.agents(s, monitoring)), Access.READ);
    r.get("/alerts", ctx -> page(ctx, "Alerts", "Alerts", live("/ui/alerts")), Access.READ);
    r.get("/ui/alerts", ctx -> ctx.html(Boards.alerts(monitoring)), Access.READ);
    r.get("/charts", ctx -> page(ctx, "Metrics", "Metrics", Charts.page(s)), Access.READ);
    r.get(
        "/ui/changes",
        ctx -> new io.javalin.http.sse.SseHandler(0, this::changes).handle(ctx),
        Access.READ);
  }

  private String csrf(Context ctx) {
    return s.auth().csrf(ctx);
  }

  private void page(Context ctx, String title, String active, String body) {
    ctx.html(Html.page(title, active, csrf(ctx), body));
  }

  /** A fragment that loads at once and again whenever any journal grows (or every 5 s). */
  static String live(String url) {
    return "<div hx-ext=\"sse\" sse-connect=\"/ui/changes\"><div hx-get=\""
        + url
        + "\" hx-trigger=\"load, sse:changed delay:300ms, every 5s\">Loading…</div></div>";
  }

  private void changes(SseClient client) {
    s.hub().changes(client, "changed");
  }

  private void loginPage(Context ctx) {
    String error =
        ctx.queryParam("error") != null
            ? "<p class=\"error\">That token is unknown or revoked.</p>"
            : "";
    ctx.html(
        """
        <!doctype html><html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1"><title>Sign in · Baton</title>
        <link rel="stylesheet" href="/ui/style.css"></head><body><main style="max-width:460px">
        <div class="card"><h1>Sign in to Baton</h1>%s
        <form method="post" action="/login"><p><label>API token<br>
        <input type="password" name="token" id="token" style="width:100%%" autocomplete="off" required></label></p>
        <p class="muted">Create one with <code>baton token create NAME --role viewer|operator|approver|admin</code>.</p>
        <button id="sign-in">Sign in</button></form></div></main></body></html>
        """
            .formatted(error));
  }

  private void login(Context ctx) {
    String token = ctx.formParam("token");
    if (token == null || s.auth().resolve(token.strip(), true).flatMap(p -> p.role()).isEmpty()) {
      ctx.redirect("/login?error=1");
      return;
    }
    Cookie c = new Cookie(Auth.COOKIE, token.strip());
    c.setHttpOnly(true);
    c.setSameSite(SameSite.STRICT);
    c.setPath("/");
    c.setSecure(false);
    ctx.cookie(c);
    ctx.redirect("/");
  }

  private void logout(Context ctx) {
    ctx.removeCookie(Auth.COOKIE, "/");
    ctx.redirect("/login");
  }

  private String runsPage(Context ctx) {
    String stateFilter = esc(ctx.queryParam("state"));
    String workflowFilter = esc(ctx.queryParam("workflow"));
    StringBuilder options = new StringBuilder("<option value=\"\">any state</option>");
    for (String st :
        List.of("RUNNING", "WAITING", "SUCCEEDED", "FAILED", "ROLLED_BACK", "CANCELLED"))
      options
          .append("<option")
          .append(st.equals(stateFilter) ? " selected" : "")
          .append(">")
          .append(st)
          .append("</option>");
    return """
    <h1>Runs</h1>
    <div class="card"><form class="inline" hx-post="/ui/runs" hx-target="#start-result">
      <label>Workflow file<br><input name="workflow" id="start-workflow" placeholder="examples/feature.yaml" required></label>
      <label>Inputs (key=value, one a line)<br><textarea name="inputs" id="start-inputs" rows="1" cols="32"></textarea></label>
      <button id="start-run">Start run</button><span id="start-result"></span></form></div>
    <div class="card"><form class="inline" method="get" action="/">
      <label>State<br><select name="state">%s</select></label>
      <label>Workflow<br><input name="workflow" value="%s"></label><button class="secondary">Filter</button></form>
    %s</div>
    """
        .formatted(
            options,
            workflowFilter,
            live("/ui/runs?state=" + stateFilter + "&workflow=" + workflowFilter));
  }

  private String runsTable(Context ctx) {
    List<RunSummary> list = runs.runs(ctx);
    if (list.isEmpty()) return "<p class=\"muted\">No runs yet: start one above.</p>";
    Instant now = s.clock().instant();
    StringBuilder b =
        new StringBuilder(
            "<table id=\"runs\"><tr><th>Run</th><th>Workflow</th><th>State</th><th class=\"hide-sm\">Priority</th><th>Started</th></tr>");
    for (RunSummary r : list)
      b.append("<tr data-run=\"")
          .append(esc(r.run()))
          .append("\"><td><a href=\"/runs/")
          .append(esc(r.run()))
          .append("\">")
          .append(esc(r.run()))
          .append("</a></td><td>")
          .append(esc(r.workflow()))
          .append("</td><td>")
          .append(Html.state(r.state().name()))
          .append("</td><td class=\"hide-sm\">")
          .append(esc(r.priority()))
          .append("</td><td>")
          .append(Html.ago(r.started(), now))
          .append("</td></tr>");
    return b.append("</table>").toString();
  }

  private void startRun(Context ctx) {
    Map<String, String> inputs = new LinkedHashMap<>();
    String text = ctx.formParam("inputs");
    if (text != null)
      for (String line : text.split("\n")) {
        String l = line.strip();
        if (l.isEmpty()) continue;
        int eq = l.indexOf('=');
        if (eq <= 0) throw ApiError.badRequest("input '" + l + "' must look like key=value");
        inputs.put(l.substring(0, eq), l.substring(eq + 1));
      }
    var body = dev.baton.server.internal.Documents.MAPPER.createObjectNode();
    body.put("workflow", ctx.formParam("workflow"));
    body.set("inputs", dev.baton.server.internal.Documents.MAPPER.valueToTree(inputs));
    try {
      String run = runs.startRun(body, ctx);
      ctx.header("HX-Redirect", "/runs/" + run).html("Started " + esc(run));
    } catch (ApiError e) {
      ctx.html("<span class=\"error\">" + esc(e.getMessage()) + "</span>");
    }
  }

  private RunState state(Context ctx) {
    String id = Bodies.id(ctx, "id");
    List<JournalEntry> entries = s.store().read(id, 0);
    if (entries.isEmpty()) throw ApiError.notFound("no run with id '" + id + "'");
    return RunState.replay(id, entries);
  }

  private void runPage(Context ctx) {
    RunState st = state(ctx);
    String id = esc(st.id());
    page(
        ctx,
        st.id(),
        "Runs",
        """
        <h1>Run %s <span class="muted">%s</span></h1>
        <div hx-ext="sse" sse-connect="/api/v1/runs/%s/events">
          <div id="timeline" hx-get="/ui/runs/%s/timeline" hx-trigger="load, sse:message delay:250ms, every 10s">Loading…</div>
        </div>
        """
            .formatted(id, esc(st.workflow()), id, id));
  }

  private void cancel(Context ctx) {
    String id = Bodies.id(ctx, "id");
    runs.cancelRun(id, RunRoutes.who(ctx), "from the dashboard");
    ctx.html("<span class=\"muted\">Cancel requested.</span>");
  }

  private String inbox(String csrf) {
    List<HumanTask> open = s.store().openHumanTasks();
    if (open.isEmpty())
      return "<h1>Inbox</h1><p class=\"muted\" id=\"inbox-empty\">Nothing waits for a person.</p>";
    StringBuilder b = new StringBuilder("<h1>Inbox</h1>");
    for (HumanTask t : open)
      b.append(Timeline.task(t.id(), t.run(), t.kind().word(), t.question(), t.options(), csrf));
    return b.toString();
  }

  private void decide(Context ctx) {
    String id = Bodies.id(ctx, "id");
    String action = ctx.formParam("action");
    List<String> args = new ArrayList<>();
    String extend = ctx.formParam("extend");
    String step = ctx.formParam("step");
    String agent = ctx.formParam("agent");
    if (("continue".equals(action) || "approve".equals(action))
        && extend != null
        && !extend.isBlank()) args.add(extend.strip());
    if (("retry".equals(action) || "reassign".equals(action)) && step != null && !step.isBlank())
      args.add(step.strip());
    if ("reassign".equals(action) && agent != null && !agent.isBlank()) args.add(agent.strip());
    try {
      tasks.decide(
          id, action == null ? "" : action, args, RunRoutes.who(ctx), "from the dashboard");
      ctx.html(
          "<div class=\"card\" id=\"decided-"
              + esc(id)
              + "\">Decision <b>"
              + esc(action)
              + "</b> recorded for "
              + esc(id)
              + "; the run goes on within a second.</div>");
    } catch (ApiError e) {
      ctx.html("<div class=\"card error\">" + esc(e.getMessage()) + "</div>");
    }
  }
}
