package dev.baton.internal.engine;

import dev.baton.agent.Handoff;
import dev.baton.journal.EventCodec;
import dev.baton.run.RunState;
import dev.baton.run.StepState;
import dev.baton.run.StepStatus;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Mode;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Workflow;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the handoff of docs/agent-protocols.md from the run's state: a pure function of state and
 * step.
 */
final class Handoffs {
  private static final Pattern STEP_REF = Pattern.compile("\\{\\{\\s*steps\\.([a-z0-9][a-z0-9-]*)");

  private Handoffs() {}

  static Handoff build(
      RunState s, Workflow wf, StepState st, String agent, int attempt, String task) {
    StepSpec spec = wf.step(st.template()).orElseThrow();
    Phase phase = wf.phase(st.phase()).orElseThrow();
    String key = Ids.attempt(s.id(), st.id(), attempt);
    List<String> constraints = new ArrayList<>(wf.constraints());
    StepState previous = previous(s, phase, st);
    if (previous != null
        && previous.notes() != null
        && previous.notes().get("constraints") instanceof List<?> l) {
      for (Object o : l) constraints.add(String.valueOf(o));
    }
    constraints.addAll(s.extraConstraints(st.id()));
    Set<String> deps = new LinkedHashSet<>();
    Matcher m = STEP_REF.matcher(spec.task().source());
    while (m.find()) deps.add(m.group(1));
    if (phase.mode() == Mode.SEQUENTIAL && previous != null && previous.phase().equals(st.phase()))
      deps.add(previous.id());
    // the outputs this step builds on: the steps its task names, and the one completed right before
    Map<String, Object> outputs = new LinkedHashMap<>();
    Set<String> wanted = new LinkedHashSet<>(deps);
    if (previous != null) wanted.add(previous.id());
    for (String id : s.completionOrder()) {
      s.step(id)
          .ifPresent(x -> {
            if (x.output() != null && (wanted.contains(id) || wanted.contains(x.template())))
              outputs.put(id, x.output());
          });
    }
    s.collaboration()
        .answers()
        .forEach((request, answer) -> outputs.put("support:" + request, answer));
    Integer minutes =
        spec.estimate().map(d -> (int) Math.max(1, Math.ceil(d.toMillis() / 60000.0))).orElse(null);
    return new Handoff(
        previous == null || previous.agent() == null ? AgentSpec.META : previous.agent(),
        agent,
        key,
        task,
        new Handoff.Context(
            completed(s, previous), remaining(s, wf, st), constraints, List.copyOf(deps)),
        spec.success().criteria(),
        minutes,
        spec.escalateWhen(),
        s.inputs(),
        outputs,
        key);
  }

  /**
   * The step that completed right before this one: its predecessor in a sequence, else the run's
   * last.
   */
  private static StepState previous(RunState s, Phase phase, StepState st) {
    if (phase.mode() == Mode.SEQUENTIAL) {
      StepState before = null;
      for (StepState x : s.stepsOf(st.phase())) {
        if (x.id().equals(st.id())) break;
        if (x.status() == StepStatus.SUCCEEDED) before = x;
      }
      if (before != null) return before;
    }
    List<String> done = s.completionOrder();
    for (int i = done.size() - 1; i >= 0; i--) {
      StepState x = s.step(done.get(i)).orElseThrow();
      if (!x.phase().equals(st.phase()) || phase.mode() == Mode.SEQUENTIAL) return x;
    }
    return null;
  }

  /**
   * At most this many completed steps are summarised: a handoff stays small however long the run.
   */
  static final int COMPLETED_LIMIT = 20;

  private static String completed(RunState s, StepState previous) {
    StringBuilder b = new StringBuilder();
    LinkedHashSet<String> done = new LinkedHashSet<>();
    List<String> order = s.completionOrder();
    int i = order.size() - 1;
    for (; i >= 0 && done.size() < COMPLETED_LIMIT; i--) {
      String id = order.get(i);
      if (succeeded(s, id)) done.add(id);
    }
    // counted only when the limit stopped the look: otherwise every succeeded step is in done
    long all =
        i < 0 ? done.size() : order.stream().distinct().filter(id -> succeeded(s, id)).count();
    if (all > done.size())
      b.append("(")
          .append(all - done.size())
          .append(" earlier steps completed; see the run's journal)\n");
    List<String> recent = new ArrayList<>(done);
    Collections.reverse(recent);
    for (String id : recent) {
      StepState x = s.step(id).orElseThrow();
      b.append("- ")
          .append(id)
          .append(" (")
          .append(x.agent())
          .append("): ")
          .append(brief(x.output()))
          .append('\n');
      if (x.notes() != null && x.notes().get("completedWork") != null) {
        b.append("  notes: ").append(x.notes().get("completedWork")).append('\n');
      }
    }
    if (previous != null
        && previous.notes() != null
        && previous.notes().get("remainingWork") != null) {
      b.append("Handoff from ")
          .append(previous.agent())
          .append(": ")
          .append(previous.notes().get("remainingWork"))
          .append('\n');
    }
    return b.toString().strip();
  }

  private static boolean succeeded(RunState s, String id) {
    StepState x = s.step(id).orElse(null);
    return x != null && x.status() == StepStatus.SUCCEEDED;
  }

  private static String remaining(RunState s, Workflow wf, StepState st) {
    StringBuilder b = new StringBuilder();
    int listed = 0;
    int more = 0;
    boolean after = false;
    for (Phase p : wf.phases()) {
      if (p.name().equals(st.phase())) {
        for (StepState x : s.stepsOf(p.name())) {
          if (after && !x.status().finished()) {
            if (listed++ < COMPLETED_LIMIT)
              b.append("- ").append(x.id()).append(" (").append(p.name()).append(")\n");
            else more++;
          }
          if (x.id().equals(st.id())) after = true;
        }
        continue;
      }
      if (!after) continue;
      for (StepSpec spec : p.steps()) {
        if (listed++ < COMPLETED_LIMIT)
          b.append("- ").append(spec.id()).append(" (").append(p.name()).append(")\n");
        else more++;
      }
    }
    if (more > 0) b.append("(and ").append(more).append(" more steps)\n");
    return b.toString().strip();
  }

  /**
   * The handoff as the JSON object journaled in {@code HandoffSent}: what Jackson writes for it
   * (same fields, order and omitted nulls), built directly instead of through a serialise-and-parse
   * round trip on every step. {@code HandoffsTest} holds the two equal.
   */
  static Map<String, Object> json(Handoff h) {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("completedWork", h.context().completedWork());
    context.put("remainingWork", h.context().remainingWork());
    context.put("constraints", h.context().constraints());
    context.put("dependencies", h.context().dependencies());
    Map<String, Object> m = new LinkedHashMap<>();
    putPresent(m, "fromAgent", h.fromAgent());
    putPresent(m, "toAgent", h.toAgent());
    putPresent(m, "taskId", h.taskId());
    putPresent(m, "task", h.task());
    m.put("context", context);
    putPresent(m, "successCriteria", h.successCriteria());
    putPresent(m, "estimatedTime", h.estimatedTime());
    m.put("escalationConditions", h.escalationConditions());
    m.put("inputs", h.inputs());
    m.put("outputs", h.outputs());
    putPresent(m, "idempotencyKey", h.idempotencyKey());
    return m;
  }

  private static void putPresent(Map<String, Object> m, String key, Object value) {
    if (value != null) m.put(key, value);
  }

  private static String brief(Object output) {
    if (output == null) return "done";
    String text = output instanceof String str ? str : EventCodec.json(output);
    text = text.strip().replace('\n', ' ');
    return text.length() > 200 ? text.substring(0, 197) + "..." : text;
  }
}
