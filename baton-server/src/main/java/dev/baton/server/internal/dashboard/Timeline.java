package dev.baton.server.internal.dashboard;

import static dev.baton.server.internal.dashboard.Html.esc;

import dev.baton.run.HumanTaskState;
import dev.baton.run.RunState;
import dev.baton.run.StepState;
import dev.baton.server.internal.Documents;
import dev.baton.server.internal.ServerState;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run page's live part: state, findings, a timeline of steps per phase, its human tasks. */
final class Timeline {
  private Timeline() {}

  static String of(RunState st, ServerState s, String csrf) {
    StringBuilder b = new StringBuilder("<div class=\"card\"><p>");
    b.append(Html.state(st.status().name()))
        .append(" &nbsp; priority <b>")
        .append(esc(st.priority()))
        .append("</b>")
        .append(" &nbsp; primary <b>")
        .append(esc(st.primary().orElse("–")))
        .append("</b>");
    st.endReason()
        .filter(r -> !r.equals("succeeded"))
        .ifPresent(
            r -> b.append(" &nbsp; <span class=\"error\">").append(esc(r)).append("</span>"));
    if (!st.findings().isEmpty())
      b.append("<br>Findings: ").append(esc(String.join(", ", st.findings())));
    b.append("</p>");
    if (!st.status().finished())
      b.append("<button class=\"danger\" hx-post=\"/ui/runs/")
          .append(esc(st.id()))
          .append(
              "/cancel\" hx-confirm=\"Cancel this run and compensate its steps?\" hx-swap=\"outerHTML\">Cancel run</button>");
    b.append("</div>");
    for (HumanTaskState t : st.humanTasks())
      if (t.open()) b.append(task(t.id(), st.id(), t.kind(), t.question(), t.options(), csrf));
    Map<String, List<StepState>> phases = new LinkedHashMap<>();
    for (StepState x : st.steps())
      phases.computeIfAbsent(x.phase(), k -> new java.util.ArrayList<>()).add(x);
    b.append("<div class=\"card\" id=\"phases\">");
    phases.forEach((phase, steps) -> {
      b.append("<div class=\"phase\"><h3>").append(esc(phase)).append("</h3><div class=\"steps\">");
      for (StepState x : steps) b.append(step(x));
      b.append("</div></div>");
    });
    if (phases.isEmpty()) b.append("<p class=\"muted\">No step planned yet.</p>");
    b.append("</div>");
    for (HumanTaskState t : st.humanTasks())
      if (!t.open())
        b.append("<p class=\"muted\">Human task ")
            .append(esc(t.id()))
            .append(" [")
            .append(esc(t.kind()))
            .append("] → ")
            .append(esc(t.decision()))
            .append(": ")
            .append(esc(t.question()))
            .append("</p>");
    return b.toString();
  }

  private static String step(StepState x) {
    String state = x.status().name();
    StringBuilder b =
        new StringBuilder("<div class=\"step s-")
            .append(state.toLowerCase(java.util.Locale.ROOT))
            .append("\" data-step=\"")
            .append(esc(x.id()))
            .append("\" data-state=\"")
            .append(state)
            .append("\">");
    b.append("<div class=\"id\">").append(esc(x.id())).append("</div>");
    b.append("<div>")
        .append(Html.state(state))
        .append(" ")
        .append(esc(x.agent() == null ? "" : x.agent()))
        .append("</div>");
    b.append("<div class=\"muted\">attempt ")
        .append(x.attempt())
        .append(" · ")
        .append(Html.seconds(x.durationMillis()))
        .append("</div>");
    if (x.status().name().equals("RUNNING") && x.progress() != null)
      b.append("<div class=\"bar\" title=\"")
          .append(x.progress())
          .append("%\"><div style=\"width:")
          .append(x.progress())
          .append("%\"></div></div>");
    String out = x.error() != null ? x.error() : x.output() == null ? "" : brief(x.output());
    if (!out.isEmpty())
      b.append("<div class=\"out")
          .append(x.error() != null ? " error" : "")
          .append("\">")
          .append(esc(out))
          .append("</div>");
    return b.append("</div>").toString();
  }

  private static String brief(Object output) {
    String s = output instanceof String t ? t : Documents.MAPPER.valueToTree(output).toString();
    return s.length() > 160 ? s.substring(0, 160) + "…" : s;
  }

  /** A human task with one button per decision it offers. */
  static String task(
      String id, String run, String kind, String question, List<String> options, String csrf) {
    StringBuilder b =
        new StringBuilder("<div class=\"card task\" id=\"task-").append(esc(id)).append("\">");
    b.append("<p><b>")
        .append(esc(id))
        .append("</b> <span class=\"state s-waiting\">")
        .append(esc(kind))
        .append("</span> run <a href=\"/runs/")
        .append(esc(run))
        .append("\">")
        .append(esc(run))
        .append("</a></p>");
    b.append("<p>")
        .append(esc(question))
        .append("</p><form class=\"inline\" hx-target=\"#task-")
        .append(esc(id))
        .append("\" hx-swap=\"outerHTML\" hx-post=\"/ui/tasks/")
        .append(esc(id))
        .append("/decision\">")
        .append("<input type=\"hidden\" name=\"_csrf\" value=\"")
        .append(esc(csrf))
        .append("\">");
    for (String o : options) {
      String action = o.split(" ", 2)[0];
      b.append("<button name=\"action\" value=\"")
          .append(esc(action))
          .append("\" data-action=\"")
          .append(esc(action))
          .append("\"")
          .append(action.equals("abort") || action.equals("reject") ? " class=\"danger\"" : "")
          .append(">")
          .append(esc(action))
          .append("</button>");
    }
    if (options.stream().anyMatch(o -> o.startsWith("continue")))
      b.append("<input name=\"extend\" placeholder=\"continue: extend by, e.g. 30m\" size=\"22\">");
    if (options.stream().anyMatch(o -> o.startsWith("retry") || o.startsWith("reassign")))
      b.append("<input name=\"step\" placeholder=\"retry/reassign: STEP\" size=\"18\">");
    if (options.stream().anyMatch(o -> o.startsWith("reassign")))
      b.append("<input name=\"agent\" placeholder=\"reassign: AGENT\" size=\"14\">");
    return b.append("</form></div>").toString();
  }
}
