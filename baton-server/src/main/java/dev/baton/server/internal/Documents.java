package dev.baton.server.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.EventCodec;
import dev.baton.journal.HumanTask;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.metrics.AgentMetrics;
import dev.baton.run.HumanTaskState;
import dev.baton.run.RunState;
import dev.baton.run.RunSummary;
import dev.baton.run.StepState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The JSON documents of the API: the same shapes as the command line's {@code --json} output (a
 * test in the command line's module compares them).
 */
public final class Documents {
  public static final ObjectMapper MAPPER =
      EventCodec.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

  private Documents() {}

  /**
   * {@code runs --json}: {@code [{run, workflow, state, priority, started, ended, duration}]}, the
   * duration in seconds (until {@code now} for a run that has not ended); a started run that no
   * process executes is {@code PAUSED} ({@link RunSummary#listedState}).
   */
  public static ArrayNode runs(
      List<RunSummary> runs, Instant now, java.util.Set<String> executing) {
    ArrayNode array = MAPPER.createArrayNode();
    for (RunSummary r : runs) array.add(run(r, now, executing));
    return array;
  }

  /** One entry of {@link #runs}. */
  public static ObjectNode run(RunSummary r, Instant now, java.util.Set<String> executing) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("run", r.run());
    n.put("workflow", r.workflow());
    n.put("state", r.listedState(executing));
    n.put("priority", r.priority());
    n.put("started", r.started().toString());
    n.put("ended", r.ended().map(Instant::toString).orElse(null));
    n.put("duration", Duration.between(r.started(), r.ended().orElse(now)).toMillis() / 1000.0);
    return n;
  }

  /** The node of a lease holder, null for none. */
  public static String node(String holder) {
    return holder == null ? null : LeaseOwner.nodeOf(holder);
  }

  /** {@code show RUN --json}. */
  public static ObjectNode show(RunState s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("run", s.id());
    n.put("workflow", s.workflow());
    n.put("state", s.status().name());
    n.put("priority", s.priority());
    n.put("primary", s.primary().orElse(null));
    n.set("inputs", MAPPER.valueToTree(s.inputs()));
    n.set("findings", MAPPER.valueToTree(s.findings()));
    s.endReason().ifPresent(r -> n.put("reason", r));
    n.put("tokens", s.tokens());
    n.put("costUsd", Math.round(s.costUsd() * 10_000) / 10_000.0);
    ArrayNode steps = n.putArray("steps");
    for (StepState st : s.steps()) {
      ObjectNode x = steps.addObject();
      x.put("id", st.id());
      x.put("phase", st.phase());
      x.put("agent", st.agent());
      x.put("state", st.status().name());
      x.put("attempts", st.attempt());
      x.put("duration", st.durationMillis() / 1000.0);
      x.set("output", MAPPER.valueToTree(st.output()));
      if (st.error() != null) x.put("error", st.error());
    }
    ArrayNode tasks = n.putArray("humanTasks");
    for (HumanTaskState t : s.humanTasks()) {
      ObjectNode x = tasks.addObject();
      x.put("id", t.id());
      x.put("kind", t.kind().word());
      x.put("question", t.question());
      x.set("options", MAPPER.valueToTree(t.options()));
      x.put("opened", t.opened().toString());
      x.put("decision", t.decision() == null ? null : t.decision().word());
      x.put("step", t.step());
    }
    return n;
  }

  /** {@code inbox --json}: {@code [{id, run, kind, question, options, opened}]}. */
  public static ArrayNode inbox(List<HumanTask> tasks) {
    ArrayNode array = MAPPER.createArrayNode();
    for (HumanTask t : tasks) {
      ObjectNode n = array.addObject();
      n.put("id", t.id());
      n.put("run", t.run());
      n.put("kind", t.kind().word());
      n.put("question", t.question());
      n.set("options", MAPPER.valueToTree(t.options()));
      n.put("opened", t.opened().toString());
    }
    return array;
  }

  /** {@code metrics --json}. */
  public static ArrayNode metrics(List<AgentMetrics> rows) {
    ArrayNode array = MAPPER.createArrayNode();
    for (AgentMetrics m : rows) {
      ObjectNode n = array.addObject();
      n.put("agent", m.agent());
      n.put("taskType", m.taskType().orElse(null));
      n.put("tasks", m.tasks());
      put(n, "taskSuccess", m.taskSuccess());
      put(n, "avgCompletionTime", m.avgCompletionTime());
      put(n, "escalationRate", m.escalationRate());
      put(n, "qualityScore", m.qualityScore());
      put(n, "collaborationScore", m.collaborationScore());
      put(n, "userSatisfaction", m.userSatisfaction());
    }
    return array;
  }

  /** One journal entry as {@code events --json} prints it. */
  public static String event(JournalEntry e) {
    return MAPPER.valueToTree(EventCodec.toJson(e)).toString();
  }

  private static void put(ObjectNode n, String field, OptionalDouble v) {
    if (v.isEmpty()) n.putNull(field);
    else n.put(field, Math.round(v.getAsDouble() * 100) / 100.0);
  }
}
