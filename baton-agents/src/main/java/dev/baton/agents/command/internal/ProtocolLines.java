package dev.baton.agents.command.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.baton.agent.Reporter;
import dev.baton.agent.Secrets;
import dev.baton.agent.Status;
import dev.baton.journal.EventCodec;
import dev.baton.journal.JsonNumbers;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The {@code @baton KEYWORD {json}} lines of docs/agent-protocols.md, turned into {@link Reporter}
 * calls. Everything reported is redacted first. A line that cannot be used becomes {@link
 * Reporter#warning}; nothing here ever fails the attempt.
 *
 * <p>After {@link #close()} further lines are dropped: a background child still holding the pipe
 * must not report into an attempt that has ended.
 */
public final class ProtocolLines {
  public static final String PREFIX = "@baton ";

  /** Longest line quoted in a warning; the journal is not the place for a megabyte of bad JSON. */
  static final int MAX_QUOTED = 2000;

  private static final ObjectMapper MAPPER = EventCodec.mapper();
  private static final ObjectReader STRICT =
      MAPPER.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};
  private static final Set<String> URGENCIES = Set.of("low", "medium", "high", "critical");

  private final Reporter reporter;
  private final Secrets secrets;
  private final String agentId;
  private final String currentTask;
  private final AtomicReference<Map<String, Object>> output = new AtomicReference<>();
  private volatile boolean open = true;

  /** {@code agentId} and {@code currentTask} fill status reports that leave them out. */
  public ProtocolLines(Reporter reporter, Secrets secrets, String agentId, String currentTask) {
    this.reporter = reporter;
    this.secrets = secrets;
    this.agentId = agentId;
    this.currentTask = currentTask;
  }

  public static boolean isProtocol(String line) {
    return line.startsWith(PREFIX);
  }

  /** Handles one line that {@link #isProtocol starts with} {@code @baton }. */
  public void accept(String line) {
    if (!open) return;
    try {
      dispatch(line);
    } catch (Malformed m) {
      reporter.warning(quote(line), secrets.redact(m.getMessage()));
    }
  }

  /**
   * As {@link #accept}, and says why a line could not be used (it is journaled as a warning too);
   * empty when it was recorded.
   */
  public Optional<String> acceptChecked(String line) {
    if (!open) return Optional.of("the attempt has ended");
    try {
      dispatch(line);
      return Optional.empty();
    } catch (Malformed m) {
      String why = secrets.redact(m.getMessage());
      reporter.warning(quote(line), why);
      return Optional.of(why);
    }
  }

  /**
   * One report that came another way than standard output (the agent API of {@code baton serve}):
   * handled exactly as the line {@code @baton KEYWORD JSON}. A malformed one is journaled as a
   * warning, as a line would be, and its problem returned.
   *
   * @return the problem with the report, or empty when it was recorded
   */
  public Optional<String> report(String keyword, String json) {
    return acceptChecked(PREFIX + keyword + " " + json);
  }

  /** The last {@code @baton output} object, if any. */
  public Optional<Map<String, Object>> output() {
    return Optional.ofNullable(output.get());
  }

  public void close() {
    open = false;
  }

  private void dispatch(String line) throws Malformed {
    String rest = line.length() > PREFIX.length() ? line.substring(PREFIX.length()).strip() : "";
    int space = indexOfWhitespace(rest);
    String keyword = space < 0 ? rest : rest.substring(0, space);
    String json = space < 0 ? "" : rest.substring(space).strip();
    if (keyword.isEmpty()) throw new Malformed("missing keyword");
    if (!List.of("status", "finding", "output", "handoff", "gap", "review").contains(keyword)) {
      throw new Malformed("unknown keyword '" + keyword + "'");
    }
    JsonNode node = Redaction.redact(parse(json), secrets);
    switch (keyword) {
      case "status" -> reporter.status(status(node));
      case "finding" -> {
        List<String> tags = Fields.texts(node, "tags");
        if (tags.stream().anyMatch(String::isBlank))
          throw new Malformed("'tags' must not hold blank tags");
        String summary = Fields.optText(node, "summary");
        reporter.finding(tags, summary == null ? "" : summary);
      }
      case "output" -> output.set(toMap(node));
      case "handoff" -> {
        Fields.optText(node, "completedWork");
        Fields.optText(node, "remainingWork");
        Fields.optTexts(node, "constraints");
        reporter.handoffNotes(toMap(node));
      }
      case "gap" -> {
        String capability = Fields.text(node, "capability");
        String reason = Fields.optText(node, "reason");
        reporter.gap(capability, reason == null ? "" : reason);
      }
      case "review" -> {
        // {"handoff": true, "collaboration": N} rates the handoff this attempt received (its
        // sender's collaboration)
        if (node.path("handoff").asBoolean(false))
          reporter.handoffRating(Fields.intIn(node, "collaboration", 1, 10));
        else reporter.review(Fields.text(node, "step"), Fields.intIn(node, "quality", 1, 10));
      }
      default -> throw new IllegalStateException(keyword);
    }
  }

  private Status status(JsonNode node) throws Malformed {
    String eta = Fields.optText(node, "estimatedCompletion");
    if (eta != null) {
      try {
        Instant.parse(eta);
      } catch (DateTimeParseException e) {
        throw new Malformed("'estimatedCompletion' must be an ISO-8601 instant, was '" + eta + "'");
      }
    }
    String agent = Fields.optText(node, "agentId");
    String task = Fields.optText(node, "currentTask");
    return new Status(
        agent == null ? agentId : agent,
        task == null ? currentTask : task,
        Fields.optInt(node, "progress", 0, 100),
        eta,
        Fields.optTexts(node, "blockers"),
        supportRequests(node),
        Fields.optText(node, "message"));
  }

  private static List<Status.SupportRequest> supportRequests(JsonNode node) throws Malformed {
    JsonNode list = node.get("requestedSupport");
    if (list == null || list.isNull()) return null;
    if (!list.isArray()) throw new Malformed("'requestedSupport' must be a list of objects");
    List<Status.SupportRequest> out = new ArrayList<>();
    for (JsonNode item : list) {
      if (!item.isObject()) throw new Malformed("'requestedSupport' must be a list of objects");
      String urgency = Fields.optText(item, "urgency");
      if (urgency != null && !URGENCIES.contains(urgency)) {
        throw new Malformed(
            "'urgency' must be low, medium, high or critical, was '" + urgency + "'");
      }
      out.add(
          new Status.SupportRequest(
              Fields.optText(item, "fromAgent"), Fields.text(item, "reason"), urgency));
    }
    return out;
  }

  private static JsonNode parse(String json) throws Malformed {
    if (json.isEmpty()) throw new Malformed("missing JSON object after the keyword");
    JsonNode node;
    try {
      node = STRICT.readTree(json);
    } catch (JsonProcessingException e) {
      throw new Malformed("bad JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) throw new Malformed("expected a JSON object");
    Optional<String> infinite = JsonNumbers.firstNonFinite(node);
    if (infinite.isPresent()) throw new Malformed(JsonNumbers.reason(infinite.get()));
    return node;
  }

  private static Map<String, Object> toMap(JsonNode node) {
    return MAPPER.convertValue(node, MAP);
  }

  private String quote(String line) {
    String redacted = secrets.redact(line);
    return redacted.length() <= MAX_QUOTED ? redacted : redacted.substring(0, MAX_QUOTED) + "…";
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
    return -1;
  }
}
