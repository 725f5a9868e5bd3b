package dev.baton.monitoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.journal.AgentStatus;
import dev.baton.journal.EventCodec;
import dev.baton.resource.Holding;
import dev.baton.resource.Need;
import dev.baton.run.RunSummary;
import dev.baton.store.JournalStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The agents' board of {@code baton status} and the server's {@code GET /api/v1/status}, read from
 * one store: each agent's latest report (task, progress, ETA, blockers, support requests, and the
 * steps {@code waiting} for it) and every claim that waits for resources or agents, with what it
 * waits for. Built in one place so the command on the store and the command through a server print
 * the very same thing.
 *
 * @param agents {@code status --json}: {@code [{agent, run, step, currentTask, active, progress?,
 *     estimatedCompletion, blockers, requestedSupport, message, updated, waiting}]}
 * @param waiting {@code [{holder, run, step, priority, since, blockedBy}]}, in the arbiter's order
 */
public record AgentBoard(ArrayNode agents, ArrayNode waiting) {
  private static final ObjectMapper MAPPER = EventCodec.mapper();

  /** The board of {@code store} now. */
  public static AgentBoard of(JournalStore store) {
    List<AgentStatus> statuses = store.agentStatuses();
    List<Holding> holdings = store.arbiter().map(a -> a.holdings()).orElse(List.of());
    List<Holding> waits = holdings.stream().filter(h -> !h.granted()).toList();
    ArrayNode agents = MAPPER.createArrayNode();
    for (AgentStatus s : statuses) {
      boolean live =
          store.run(s.run()).map(RunSummary::state).map(st -> !st.finished()).orElse(false);
      ObjectNode n = agents.addObject();
      n.put("agent", s.agent());
      n.put("run", s.run());
      n.put("step", s.step());
      n.put("currentTask", s.run() + "/" + s.step() + "/" + s.attempt());
      n.put("active", live);
      if (s.progress() != null) n.put("progress", s.progress());
      Map<String, Object> st = s.status();
      n.put("estimatedCompletion", str(st.get("estimatedCompletion")));
      n.set("blockers", MAPPER.valueToTree(st.getOrDefault("blockers", List.of())));
      n.set("requestedSupport", MAPPER.valueToTree(st.getOrDefault("requestedSupport", List.of())));
      n.put("message", str(st.get("message")));
      n.put("updated", s.time().toString());
      ArrayNode waiting = n.putArray("waiting");
      for (Holding h : waits) {
        if (!h.needs(Need.AGENT + s.agent())) continue;
        ObjectNode w = waiting.addObject();
        w.put("run", h.run());
        w.put("step", h.step());
        w.put("priority", h.priority().word());
        w.put("since", h.since().toString());
        w.put("blockedBy", blockers(holdings, h));
      }
    }
    ArrayNode waiting = MAPPER.createArrayNode();
    for (Holding h : waits) {
      ObjectNode w = waiting.addObject();
      w.put("holder", h.holder());
      w.put("run", h.run());
      w.put("step", h.step());
      w.put("priority", h.priority().word());
      w.put("since", h.since().toString());
      w.put("blockedBy", blockers(holdings, h));
    }
    return new AgentBoard(agents, waiting);
  }

  /** The server's document: {@code {agents, waiting}}. */
  public ObjectNode toJson() {
    ObjectNode n = MAPPER.createObjectNode();
    n.set("agents", agents);
    n.set("waiting", waiting);
    return n;
  }

  /** The resources and agents a waiting claim cannot have yet, with who holds them. */
  public static String blockers(List<Holding> all, Holding waiting) {
    List<String> parts = new ArrayList<>();
    for (Need n : waiting.needs()) {
      List<String> holders =
          all.stream()
              .filter(h -> h.granted() && !h.equals(waiting) && h.needs(n.name()))
              .map(Holding::holder)
              .toList();
      boolean blocked =
          switch (n.mode()) {
            case EXCLUSIVE -> !holders.isEmpty();
            case SHARED ->
                all.stream()
                    .anyMatch(h ->
                        h.granted()
                            && h.needs().stream()
                                .anyMatch(x ->
                                    x.name().equals(n.name()) && x.mode() == Need.Mode.EXCLUSIVE));
            case SLOT -> holders.size() >= n.capacity();
          };
      if (blocked || (holders.isEmpty() && n.mode() != Need.Mode.SLOT)) {
        String who =
            holders.isEmpty() ? "queued before it" : "held by " + String.join(", ", holders);
        parts.add((n.isAgentSlot() ? "agent " : "resource ") + n.label() + " (" + who + ")");
      }
    }
    return parts.isEmpty() ? "its turn in the queue" : String.join("; ", parts);
  }

  private static String str(Object o) {
    return o == null ? null : String.valueOf(o);
  }
}
