package dev.baton.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.BatonException;
import dev.baton.workflow.Durations;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code monitoring} section of a project's {@code baton.yaml}:
 *
 * <pre>{@code
 * monitoring:
 *   window: 24h
 *   rules:
 *     failure-rate: { threshold: 20, minSamples: 5 }
 *     low-quality: { enabled: false }
 *   sinks:
 *     - log
 *     - webhook: { url: "https://hooks.example.com/baton", retries: 3, backoff: 1s, timeout: 10s,
 *                  headers: { Authorization: "Bearer ${env:HOOK_TOKEN}" } }
 * }</pre>
 *
 * {@code ${env:NAME}} in a webhook's url and headers is replaced by the environment variable, so
 * that tokens stay out of the file. A missing file means the defaults; a wrong key or value is a
 * {@link BatonException} naming the file and the key.
 */
public final class MonitoringConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern ENV = Pattern.compile("\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)}");

  private final UnaryOperator<String> env;

  public MonitoringConfigLoader(UnaryOperator<String> env) {
    this.env = env;
  }

  public static MonitoringConfigLoader fromSystem() {
    return new MonitoringConfigLoader(System::getenv);
  }

  /** The file's settings, or the defaults when the file does not exist. */
  public MonitoringConfig load(Path file) {
    if (!Files.exists(file)) return MonitoringConfig.defaults();
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new BatonException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public MonitoringConfig parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new BatonException(source + ": not valid YAML: " + e.getMessage(), e);
    }
    JsonNode m = root == null ? null : root.get("monitoring");
    if (m == null || m.isNull()) return MonitoringConfig.defaults();
    try {
      keys(m, "monitoring", Set.of("window", "rules", "sinks"));
      Duration window =
          m.has("window")
              ? Durations.parse(m.get("window").asText())
              : MonitoringConfig.defaults().window();
      return new MonitoringConfig(
          window,
          rules(m.path("rules")),
          m.has("sinks") ? sinks(m.get("sinks")) : MonitoringConfig.defaults().sinks());
    } catch (IllegalArgumentException e) {
      throw new BatonException(source + ": " + e.getMessage(), e);
    }
  }

  private static Map<AlertRule, MonitoringConfig.RuleSettings> rules(JsonNode node) {
    Map<AlertRule, MonitoringConfig.RuleSettings> out = new EnumMap<>(AlertRule.class);
    if (node.isMissingNode() || node.isNull()) return out;
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      AlertRule rule =
          AlertRule.byId(e.getKey())
              .orElseThrow(() ->
                  new IllegalArgumentException(
                      "unknown rule 'monitoring.rules."
                          + e.getKey()
                          + "' (rules: failure-rate, overrun, repeated-escalation, low-quality, low-satisfaction, stall, phase-budget)"));
      JsonNode r = e.getValue();
      String where = "monitoring.rules." + e.getKey();
      keys(r, where, Set.of("enabled", "threshold", "minSamples"));
      MonitoringConfig.RuleSettings d = MonitoringConfig.RuleSettings.defaults(rule);
      out.put(
          rule,
          new MonitoringConfig.RuleSettings(
              r.has("enabled") ? bool(r.get("enabled"), where + ".enabled") : d.enabled(),
              r.has("threshold") ? number(r.get("threshold"), where + ".threshold") : d.threshold(),
              r.has("minSamples")
                  ? (int) number(r.get("minSamples"), where + ".minSamples")
                  : d.minSamples()));
    }
    return out;
  }

  private List<MonitoringConfig.SinkSettings> sinks(JsonNode node) {
    if (!node.isArray())
      throw new IllegalArgumentException(
          "'monitoring.sinks' must be a list, e.g. [log, {webhook: {url: ...}}]");
    List<MonitoringConfig.SinkSettings> out = new ArrayList<>();
    for (JsonNode s : node) {
      if (s.isTextual() && s.asText().equals("log")) {
        out.add(new MonitoringConfig.SinkSettings.Log());
      } else if (s.isObject() && s.has("webhook") && s.size() == 1) {
        JsonNode w = s.get("webhook");
        keys(w, "webhook", Set.of("url", "retries", "backoff", "timeout", "headers"));
        if (!w.hasNonNull("url")) throw new IllegalArgumentException("a webhook needs a 'url'");
        MonitoringConfig.SinkSettings.Webhook d =
            MonitoringConfig.SinkSettings.Webhook.to(URI.create("http://localhost"));
        Map<String, String> headers = new LinkedHashMap<>();
        w.path("headers")
            .properties()
            .forEach(h -> headers.put(h.getKey(), expand(h.getValue().asText())));
        out.add(
            new MonitoringConfig.SinkSettings.Webhook(
                URI.create(expand(w.get("url").asText())),
                w.has("retries") ? (int) number(w.get("retries"), "webhook.retries") : d.retries(),
                w.has("backoff") ? Durations.parse(w.get("backoff").asText()) : d.backoff(),
                w.has("timeout") ? Durations.parse(w.get("timeout").asText()) : d.timeout(),
                headers));
      } else {
        throw new IllegalArgumentException(
            "unknown sink " + s + ": write 'log' or {webhook: {url: ...}}");
      }
    }
    return out;
  }

  private String expand(String text) {
    Matcher m = ENV.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String value = env.apply(m.group(1));
      if (value == null)
        throw new IllegalArgumentException("environment variable " + m.group(1) + " is not set");
      m.appendReplacement(b, Matcher.quoteReplacement(value));
    }
    return m.appendTail(b).toString();
  }

  private static void keys(JsonNode node, String where, Set<String> allowed) {
    if (!node.isObject())
      throw new IllegalArgumentException(
          "'" + where + "' must be a map of " + String.join(", ", allowed));
    node.fieldNames()
        .forEachRemaining(k -> {
          if (!allowed.contains(k))
            throw new IllegalArgumentException(
                "unknown key '" + where + "." + k + "' (keys: " + String.join(", ", allowed) + ")");
        });
  }

  private static double number(JsonNode n, String where) {
    if (!n.isNumber())
      throw new IllegalArgumentException("'" + where + "' must be a number, was " + n);
    return n.asDouble();
  }

  private static boolean bool(JsonNode n, String where) {
    if (!n.isBoolean())
      throw new IllegalArgumentException("'" + where + "' must be true or false, was " + n);
    return n.asBoolean();
  }
}
