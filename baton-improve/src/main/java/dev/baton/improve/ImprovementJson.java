package dev.baton.improve;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of docs/operations.md for proposals and configuration versions, shared by the
 * command line ({@code --json}) and the server ({@code /api/v1/proposals}, {@code
 * /api/v1/config/history}).
 */
public final class ImprovementJson {
  private ImprovementJson() {}

  /** {@code [{id, kind, subject, change, reason, state, …}]}. */
  public static List<Map<String, Object>> proposals(List<Proposal> proposals) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Proposal p : proposals) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("id", p.id());
      n.put("kind", p.kind());
      n.put("subject", p.subject());
      n.put("change", p.change());
      n.put("reason", p.reason());
      n.put("state", p.state());
      n.put("opened", p.opened().toString());
      if (!p.decidedBy().isEmpty()) n.put("decidedBy", p.decidedBy());
      if (p.appliedVersion() > 0) n.put("version", p.appliedVersion());
      if (!p.deferred().isEmpty()) n.put("deferred", p.deferred());
      n.put("details", p.details());
      out.add(n);
    }
    return out;
  }

  /** {@code [{version, time, author, change, reason, figures, configuration}]}. */
  public static List<Map<String, Object>> history(List<ConfigVersion> history) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (ConfigVersion v : history) {
      Map<String, Object> n = new LinkedHashMap<>();
      n.put("version", v.version());
      n.put("time", v.time().toString());
      n.put("author", v.author());
      n.put("change", v.change());
      n.put("reason", v.reason());
      n.put("figures", v.figures());
      n.put("configuration", v.configuration().toMap());
      out.add(n);
    }
    return out;
  }
}
