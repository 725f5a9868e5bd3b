package dev.baton.monitoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.EventCodec;
import dev.baton.metrics.Alert;

/**
 * A change of an alert, as sinks receive it: {@code raised} or {@code resolved}, with the alert
 * after the change.
 */
public record AlertNotice(Change change, Alert alert) {
  public enum Change {
    RAISED,
    RESOLVED
  }

  /**
   * The JSON a webhook receives: {@code {"change": "raised", "alert": {…the alerts --json
   * shape…}}}.
   */
  public ObjectNode toJson() {
    ObjectNode n = EventCodec.mapper().createObjectNode();
    n.put("change", change.name().toLowerCase(java.util.Locale.ROOT));
    n.set("alert", AlertJson.toJson(alert));
    return n;
  }
}
