package dev.baton.journal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes the events every run journals — a run's start and end, its phases, and each step's start,
 * handoff, status and result — field by field, without reflection. The text is exactly what Jackson
 * writes for them ({@code type} first, the record's components in order, null components left out,
 * maps and lists as JSON), so the journal's format does not depend on which of the two wrote an
 * event; {@code EventWriterTest} holds them equal. Other events, and values that are not plain JSON
 * (a Java agent's own record as output, say), are left to Jackson: {@link #write} answers null for
 * them.
 */
final class EventWriter {
  /** Thrown to give up on an event whose values are not plain JSON; cheap: no stack trace. */
  private static final class NotPlain extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotPlain() {
      super(null, null, false, false);
    }
  }

  private static final String HEX = "0123456789ABCDEF";

  private final StringBuilder b;
  private boolean first;

  private EventWriter(StringBuilder b) {
    this.b = b;
  }

  /** The event's JSON, or null when Jackson must write it. */
  static String write(Event event) {
    StringBuilder b = new StringBuilder(256);
    return write(event, b) ? b.toString() : null;
  }

  /**
   * Appends the event's JSON to {@code b} and answers true, or leaves {@code b} as it was and
   * answers false when Jackson must write it.
   */
  static boolean write(Event event, StringBuilder b) {
    int start = b.length();
    EventWriter w = new EventWriter(b);
    try {
      if (w.event(event)) {
        b.append('}');
        return true;
      }
    } catch (NotPlain e) {
      // Jackson writes it
    }
    b.setLength(start);
    return false;
  }

  private boolean event(Event event) {
    switch (event) {
      case Event.StepStarted s -> {
        type("StepStarted");
        field("phase", s.phase());
        field("step", s.step());
        field("agent", s.agent());
        field("attempt", s.attempt());
        field("task", s.task());
      }
      case Event.StepSucceeded s -> {
        type("StepSucceeded");
        field("phase", s.phase());
        field("step", s.step());
        field("agent", s.agent());
        field("attempt", s.attempt());
        value("output", s.output());
        field("durationMillis", s.durationMillis());
      }
      case Event.StepFailed s -> {
        type("StepFailed");
        field("phase", s.phase());
        field("step", s.step());
        field("agent", s.agent());
        field("attempt", s.attempt());
        field("error", s.error());
        field("durationMillis", s.durationMillis());
      }
      case Event.HandoffSent h -> {
        type("HandoffSent");
        field("step", h.step());
        field("agent", h.agent());
        field("attempt", h.attempt());
        value("handoff", h.handoff());
      }
      case Event.StatusReported s -> {
        type("StatusReported");
        field("step", s.step());
        field("agent", s.agent());
        field("attempt", s.attempt());
        value("progress", s.progress());
        value("status", s.status());
      }
      case Event.PhaseStarted p -> {
        type("PhaseStarted");
        field("phase", p.phase());
        field("round", p.round());
        if (p.steps() != null) {
          name("steps");
          b.append('[');
          for (int i = 0; i < p.steps().size(); i++) {
            if (i > 0) b.append(',');
            planned(p.steps().get(i));
          }
          b.append(']');
        }
      }
      case Event.PhaseSucceeded p -> {
        type("PhaseSucceeded");
        field("phase", p.phase());
      }
      case Event.RunStarted r -> {
        type("RunStarted");
        field("workflow", r.workflow());
        field("priority", r.priority());
        value("inputs", r.inputs());
        if (r.definition() != null) {
          name("definition");
          Event.Definition d = r.definition();
          b.append('{');
          first = true;
          always("workflowPath", d.workflowPath());
          always("workflowText", d.workflowText());
          always("agentsPath", d.agentsPath());
          always("agentsText", d.agentsText());
          b.append('}');
          first = false;
        }
      }
      case Event.RunSucceeded r -> type("RunSucceeded");
      default -> {
        return false;
      }
    }
    return true;
  }

  private void planned(Event.PlannedStep s) {
    if (s == null) {
      b.append("null");
      return;
    }
    b.append('{');
    first = true;
    always("id", s.id());
    always("template", s.template());
    always("agent", s.agent());
    always("item", s.item());
    field("task", s.task());
    b.append('}');
    first = false;
  }

  private void type(String type) {
    b.append("{\"type\":");
    string(type);
    first = false;
  }

  private void name(String name) {
    if (!first) b.append(',');
    first = false;
    string(name);
    b.append(':');
  }

  private void field(String name, String value) {
    if (value == null) return;
    name(name);
    string(value);
  }

  private void field(String name, long value) {
    name(name);
    b.append(value);
  }

  /**
   * A component of a record that is not an event ({@code Definition}, {@code PlannedStep}): the
   * events' rule of leaving nulls out does not reach them, so a null is written.
   */
  private void always(String name, Object value) {
    name(name);
    json(value);
  }

  /** An event's component of any type: left out when null, like every null component. */
  private void value(String name, Object value) {
    if (value == null) return;
    name(name);
    json(value);
  }

  private void json(Object v) {
    switch (v) {
      case null -> b.append("null");
      case String s -> string(s);
      case Boolean x -> b.append(x.booleanValue());
      case Integer x -> b.append(x.intValue());
      case Long x -> b.append(x.longValue());
      case Short x -> b.append(x.shortValue());
      case Byte x -> b.append(x.byteValue());
      case Double x when Double.isFinite(x) -> b.append(x.doubleValue());
      case Float x when Float.isFinite(x) -> b.append(x.floatValue());
      case BigInteger x -> b.append(x);
      case BigDecimal x -> b.append(x);
      case Map<?, ?> m -> {
        b.append('{');
        boolean firstEntry = true;
        for (Map.Entry<?, ?> e : m.entrySet()) {
          if (!(e.getKey() instanceof String key)) throw new NotPlain();
          if (!firstEntry) b.append(',');
          firstEntry = false;
          string(key);
          b.append(':');
          json(e.getValue());
        }
        b.append('}');
      }
      case List<?> l -> {
        b.append('[');
        for (int i = 0; i < l.size(); i++) {
          if (i > 0) b.append(',');
          json(l.get(i));
        }
        b.append(']');
      }
      case Collection<?> c -> {
        b.append('[');
        boolean firstItem = true;
        for (Object o : c) {
          if (!firstItem) b.append(',');
          firstItem = false;
          json(o);
        }
        b.append(']');
      }
      default -> throw new NotPlain();
    }
  }

  /**
   * A JSON string as Jackson escapes it: quotes, backslashes and control characters only; text a
   * store cannot hold (NUL, unpaired surrogates) becomes what {@link StorableText} makes it, as on
   * the Jackson path. One pass: plain runs of characters are copied whole.
   */
  private void string(String s) {
    b.append('"');
    int n = s.length();
    int start = 0;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) continue;
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++; // a pair: kept as it is
          continue;
        }
        b.append(s, start, i).append(StorableText.REPLACEMENT);
        start = i + 1;
        continue;
      }
      b.append(s, start, i);
      start = i + 1;
      switch (c) {
        case 0 -> b.append(StorableText.REPLACEMENT);
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          b.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 0xF));
        }
      }
    }
    b.append(s, start, n).append('"');
  }
}
