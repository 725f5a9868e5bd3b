package dev.baton.monitoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.EventCodec;
import dev.baton.metrics.Alert;

/**
 * The docs/operations.md shape of an alert: {@code {id, rule, agent, taskType, run, state, value,
 * threshold, message, raised, resolved}}, nulls where a field does not apply, plus {@code step} (an
 * overrun's step) or {@code phase} (a phase-budget alert's phase).
 */
public final class AlertJson {
  private AlertJson() {}

  public static ObjectNode toJson(Alert a) {
    ObjectNode n = EventCodec.mapper().createObjectNode();
    n.put("id", a.id());
    n.put("rule", a.rule());
    n.put("agent", a.subject().agent().orElse(null));
    n.put("taskType", a.subject().taskType().orElse(null));
    n.put("run", a.subject().run().orElse(null));
    if (AlertRule.PHASE_BUDGET.id().equals(a.rule()))
      n.put("phase", a.subject().step().orElse(null));
    else if (a.subject().step().isPresent()) n.put("step", a.subject().step().get());
    n.put("state", a.open() ? "open" : "resolved");
    n.put("value", a.value());
    n.put("threshold", a.threshold());
    n.put("message", a.message());
    n.put("raised", a.raised().toString());
    n.put("resolved", a.resolved().map(Object::toString).orElse(null));
    return n;
  }
}
