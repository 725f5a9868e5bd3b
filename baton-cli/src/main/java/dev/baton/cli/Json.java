package dev.baton.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.EventCodec;
import dev.baton.run.RunState;
import dev.baton.run.StepState;
import java.io.PrintStream;

/** The JSON shapes of docs/operations.md. */
final class Json {
  static final ObjectMapper MAPPER =
      EventCodec.mapper().copy().disable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  static void print(PrintStream target, Object node) {
    PrintStream out = Printable.raw(target); // JSON escapes control characters itself
    try {
      out.println(MAPPER.writeValueAsString(node));
      out.flush();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code {run, state, steps:[{id, agent, state, attempts, duration}]}}; durations in seconds. */
  static ObjectNode summary(RunState s) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("run", s.id());
    n.put("workflow", s.workflow());
    n.put("state", s.status().name());
    s.endReason().filter(r -> !r.equals("succeeded")).ifPresent(r -> n.put("reason", r));
    ArrayNode steps = n.putArray("steps");
    for (StepState st : s.steps()) step(steps.addObject(), st);
    return n;
  }

  /** A step's common fields: {@code {id, phase, agent, state, attempts, duration}} (seconds). */
  static ObjectNode step(ObjectNode x, StepState st) {
    x.put("id", st.id());
    x.put("phase", st.phase());
    x.put("agent", st.agent());
    x.put("state", st.status().name());
    x.put("attempts", st.attempt());
    x.put("duration", st.durationMillis() / 1000.0);
    return x;
  }
}
