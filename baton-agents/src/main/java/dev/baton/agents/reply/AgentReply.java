package dev.baton.agents.reply;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.agent.Reporter;
import dev.baton.agent.Status;
import dev.baton.journal.EventCodec;
import dev.baton.journal.JsonNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The reply of a model or a remote agent (docs/agent-protocols.md): {@code {"output": …, "status"?:
 * {…}, "findings"?: [{tags, summary}], "handoff"?: {completedWork, remainingWork, constraints},
 * "gap"?: {capability, reason}}}. Its parts are applied as the matching {@code @baton} lines are.
 */
public record AgentReply(
    Object output,
    Optional<Status> status,
    List<Finding> findings,
    Optional<Map<String, Object>> handoff,
    Optional<Gap> gap) {

  /** A finding: tags feed {@code findings} in conditions. */
  public record Finding(List<String> tags, String summary) {}

  /** A knowledge gap: the step goes to a specialist. */
  public record Gap(String capability, String reason) {}

  /** What the shape looks like, told to models in their user message. */
  public static final String SHAPE =
      """
      {"output": <your result: any JSON value, usually an object>,
       "status": {"progress": 0-100, "message": "...", "blockers": ["..."]},
       "findings": [{"tags": ["security"], "summary": "..."}],
       "handoff": {"completedWork": "...", "remainingWork": "...", "constraints": ["..."]},
       "gap": {"capability": "kubernetes", "reason": "..."}}
      Only "output" is required; leave out what you have nothing to say about.\
      """;

  private static final ObjectMapper JSON = EventCodec.mapper();

  /** A reply that could not be read, with why. */
  public static final class Invalid extends Exception {
    private static final long serialVersionUID = 1L;

    public Invalid(String why) {
      super(why);
    }
  }

  /**
   * Reads a reply: one JSON object, optionally inside a Markdown code fence.
   *
   * @throws Invalid with a one-line reason when the text is not such an object
   */
  public static AgentReply parse(String text) throws Invalid {
    if (text == null || text.isBlank()) throw new Invalid("the reply is empty");
    String body = unfence(text.strip());
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new Invalid("the reply is not JSON: " + e.getOriginalMessage());
    }
    return of(root);
  }

  /** Reads a reply already parsed as JSON. */
  public static AgentReply of(JsonNode root) throws Invalid {
    if (root == null || !root.isObject()) throw new Invalid("the reply is not a JSON object");
    if (!root.has("output")) throw new Invalid("the reply has no \"output\"");
    Optional<String> infinite = JsonNumbers.firstNonFinite(root);
    if (infinite.isPresent()) throw new Invalid(JsonNumbers.reason(infinite.get()));
    for (var it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!List.of("output", "status", "findings", "handoff", "gap").contains(k))
        throw new Invalid(
            "unknown key \"" + k + "\": a reply has output, status, findings, handoff, gap");
    }
    Object output = JSON.convertValue(root.get("output"), Object.class);
    Optional<Status> status = Optional.empty();
    JsonNode s = root.get("status");
    if (s != null && !s.isNull()) {
      if (!s.isObject()) throw new Invalid("\"status\" must be an object");
      JsonNode p = s.get("progress");
      if (p != null && !(p.isIntegralNumber() && p.asInt() >= 0 && p.asInt() <= 100))
        throw new Invalid("\"status.progress\" must be a whole number from 0 to 100");
      try {
        status = Optional.of(JSON.treeToValue(s, Status.class));
      } catch (JsonProcessingException | IllegalArgumentException e) {
        throw new Invalid(
            "\"status\" is not a status: " + e.getMessage().lines().findFirst().orElse(""));
      }
    }
    List<Finding> findings = new ArrayList<>();
    JsonNode f = root.get("findings");
    if (f != null && !f.isNull()) {
      if (!f.isArray()) throw new Invalid("\"findings\" must be a list");
      for (JsonNode item : f) {
        if (!item.isObject() || !item.path("tags").isArray())
          throw new Invalid("each finding needs \"tags\" (a list) and a \"summary\"");
        List<String> tags = new ArrayList<>();
        item.get("tags").forEach(t -> tags.add(t.asText()));
        findings.add(new Finding(List.copyOf(tags), item.path("summary").asText("")));
      }
    }
    Optional<Map<String, Object>> handoff = Optional.empty();
    JsonNode h = root.get("handoff");
    if (h != null && !h.isNull()) {
      if (!h.isObject()) throw new Invalid("\"handoff\" must be an object");
      handoff = Optional.of(JSON.convertValue(h, MAP));
    }
    Optional<Gap> gap = Optional.empty();
    JsonNode g = root.get("gap");
    if (g != null && !g.isNull()) {
      if (!g.isObject() || !g.path("capability").isTextual())
        throw new Invalid("\"gap\" needs a \"capability\"");
      gap = Optional.of(new Gap(g.get("capability").asText(), g.path("reason").asText("")));
    }
    return new AgentReply(output, status, List.copyOf(findings), handoff, gap);
  }

  private static final com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> MAP =
      new com.fasterxml.jackson.core.type.TypeReference<>() {};

  /** Reports status, findings, handoff notes and a gap, in that order. */
  public void applyTo(Reporter reporter) {
    status.ifPresent(reporter::status);
    findings.forEach(x -> reporter.finding(x.tags(), x.summary()));
    handoff.ifPresent(reporter::handoffNotes);
    gap.ifPresent(x -> reporter.gap(x.capability(), x.reason()));
  }

  /** The text inside a Markdown code fence, else the text. */
  static String unfence(String text) {
    if (!text.startsWith("```")) return text;
    int start = text.indexOf('\n');
    int end = text.lastIndexOf("```");
    return start < 0 || end <= start ? text : text.substring(start + 1, end).strip();
  }

  /** The first {@code max} characters of a text, for errors quoting a reply. */
  public static String quote(String text, int max) {
    if (text == null) return "";
    String t = text.strip();
    return t.length() <= max ? t : t.substring(0, max) + "…";
  }
}
