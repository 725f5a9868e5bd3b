package dev.baton.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tools of {@code baton mcp}, each turned into the {@code @baton} line it stands for. */
final class Tools {
  private Tools() {}

  /** A tool: its JSON Schema, and the line its arguments make (empty when they cannot). */
  interface Line {
    Optional<String> of(Map<String, Object> args) throws JsonProcessingException;
  }

  record Tool(String name, String description, String schema, String usage, Line maker) {
    Optional<String> line(Map<String, Object> args) throws JsonProcessingException {
      return maker.of(args);
    }
  }

  static final List<Tool> ALL =
      List.of(
          new Tool(
              "report_status",
              "Report progress on the current step (0-100), what you are doing, blockers and when"
                  + " you expect to finish.",
              """
              {"type": "object", "properties": {
                "progress": {"type": "integer", "minimum": 0, "maximum": 100},
                "message": {"type": "string"},
                "blockers": {"type": "array", "items": {"type": "string"}},
                "estimatedCompletion": {"type": "string", "description": "ISO-8601 instant"}}}\
              """,
              "give progress (0-100), message, blockers or estimatedCompletion",
              a -> a.isEmpty() ? Optional.empty() : line("status", a)),
          new Tool(
              "report_finding",
              "Report a finding (e.g. a security issue); its tags feed the workflow's escalation"
                  + " rules.",
              """
              {"type": "object", "required": ["tags", "summary"], "properties": {
                "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                "summary": {"type": "string"}}}\
              """,
              "give tags (a list) and a summary",
              a -> a.get("tags") instanceof List<?> ? line("finding", a) : Optional.empty()),
          new Tool(
              "handoff_notes",
              "Leave notes for the next agent: what you completed, what remains, constraints.",
              """
              {"type": "object", "properties": {
                "completedWork": {"type": "string"}, "remainingWork": {"type": "string"},
                "constraints": {"type": "array", "items": {"type": "string"}}}}\
              """,
              "give completedWork, remainingWork or constraints",
              a -> a.isEmpty() ? Optional.empty() : line("handoff", a)),
          new Tool(
              "request_support",
              "Ask another agent for help; urgency low, medium, high or critical. The answer"
                  + " appears in BATON_INBOX as ID.json.",
              """
              {"type": "object", "required": ["reason"], "properties": {
                "fromAgent": {"type": "string"}, "reason": {"type": "string"},
                "urgency": {"enum": ["low", "medium", "high", "critical"]}}}\
              """,
              "give a reason (and fromAgent, urgency)",
              a ->
                  a.get("reason") instanceof String
                      ? line("status", Map.of("requestedSupport", List.of(a)))
                      : Optional.empty()),
          new Tool(
              "report_gap",
              "Say you lack a capability this step needs: Baton hands the step to a specialist.",
              """
              {"type": "object", "required": ["capability"], "properties": {
                "capability": {"type": "string"}, "reason": {"type": "string"}}}\
              """,
              "give the capability you lack",
              a -> a.get("capability") instanceof String ? line("gap", a) : Optional.empty()),
          new Tool(
              "review",
              "Score another step's work (quality 1-10), or rate the handoff you received"
                  + " (handoff: true, collaboration 1-10).",
              """
              {"type": "object", "properties": {
                "step": {"type": "string"}, "quality": {"type": "integer", "minimum": 1, "maximum": 10},
                "handoff": {"type": "boolean"},
                "collaboration": {"type": "integer", "minimum": 1, "maximum": 10}}}\
              """,
              "give step and quality, or handoff: true and collaboration",
              a -> a.isEmpty() ? Optional.empty() : line("review", a)),
          new Tool(
              "complete_task",
              "Record the step's structured result (its output, which later steps read). Call it"
                  + " once, at the end.",
              """
              {"type": "object", "required": ["output"], "properties": {
                "output": {"type": "object", "description": "the step's result"}}}\
              """,
              "give output, an object",
              a -> a.get("output") instanceof Map<?, ?> o ? line("output", o) : Optional.empty()));

  private static Optional<String> line(String keyword, Object args) throws JsonProcessingException {
    Object value = args instanceof Map<?, ?> m ? new LinkedHashMap<>(m) : args;
    return Optional.of("@baton " + keyword + " " + BatonMcp.json(value));
  }
}
