package dev.baton.improve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.BatonException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code improvement} section of {@code baton.yaml} ({@link ImprovementConfig}). A
 * missing file or section means the defaults; a wrong key or value is a {@link BatonException}
 * whose message starts with {@code FILE:LINE:COLUMN:} of the offending key.
 */
public final class ImprovementConfigLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> KEYS =
      Set.of("daily", "tunings", "proposals", "weekly", "monthly", "window", "timezone");
  private static final Pattern WINDOW =
      Pattern.compile("(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})");

  private ImprovementConfigLoader() {}

  public static ImprovementConfig load(Path file) {
    if (!Files.exists(file)) return ImprovementConfig.defaults();
    try {
      return parse(Files.readString(file), file.toString());
    } catch (IOException e) {
      throw new BatonException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  public static ImprovementConfig parse(String yaml, String source) {
    JsonNode root;
    try {
      root = YAML.readTree(yaml);
    } catch (IOException e) {
      throw new BatonException(source + ":1:1: not valid YAML: " + e.getMessage(), e);
    }
    JsonNode node = root == null ? null : root.get("improvement");
    if (node == null || node.isNull()) return ImprovementConfig.defaults();
    if (!node.isObject())
      throw new BatonException(
          at(yaml, source, null) + "'improvement' must be a map of " + String.join(", ", KEYS));
    for (Map.Entry<String, JsonNode> e : node.properties())
      if (!KEYS.contains(e.getKey()))
        throw new BatonException(
            at(yaml, source, e.getKey())
                + "unknown key 'improvement."
                + e.getKey()
                + "' (keys: daily, tunings, proposals, weekly, monthly, window, timezone)");
    ImprovementConfig d = ImprovementConfig.defaults();
    Schedule daily = schedule(node, "daily", d.daily(), yaml, source);
    Schedule tunings = schedule(node, "tunings", d.tunings(), yaml, source);
    Schedule proposals = schedule(node, "proposals", d.proposals(), yaml, source);
    Schedule weekly = schedule(node, "weekly", d.weekly(), yaml, source);
    Schedule monthly = schedule(node, "monthly", d.monthly(), yaml, source);
    LocalTime start = d.windowStart(), end = d.windowEnd();
    if (node.has("window")) {
      Matcher m = WINDOW.matcher(node.get("window").asText().trim());
      try {
        if (!m.matches()) throw new DateTimeException("no match");
        start = LocalTime.parse(pad(m.group(1)));
        end = LocalTime.parse(pad(m.group(2)));
      } catch (DateTimeException e) {
        throw new BatonException(
            at(yaml, source, "window")
                + "'improvement.window' must be HH:MM-HH:MM, e.g. 02:00-04:00, was '"
                + node.get("window").asText()
                + "'");
      }
    }
    ZoneId zone = d.timezone();
    if (node.has("timezone")) {
      try {
        zone = ZoneId.of(node.get("timezone").asText());
      } catch (DateTimeException e) {
        throw new BatonException(
            at(yaml, source, "timezone")
                + "'improvement.timezone' is not a time zone: "
                + e.getMessage());
      }
    }
    return new ImprovementConfig(daily, tunings, proposals, weekly, monthly, start, end, zone);
  }

  private static Schedule schedule(
      JsonNode node, String key, Schedule fallback, String yaml, String source) {
    if (!node.has(key)) return fallback;
    try {
      return Schedule.parse(node.get(key).asText());
    } catch (IllegalArgumentException e) {
      throw new BatonException(
          at(yaml, source, key) + "improvement." + key + ": " + e.getMessage());
    }
  }

  private static String pad(String hhmm) {
    return hhmm.length() == 4 ? "0" + hhmm : hhmm;
  }

  /**
   * {@code FILE:LINE:COLUMN: } of {@code key} inside the {@code improvement} section (of the
   * section itself when {@code key} is null).
   */
  static String at(String yaml, String source, String key) {
    List<String> lines = yaml.lines().toList();
    int section = -1;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (section < 0 && l.startsWith("improvement:")) {
        section = i;
        if (key == null) return source + ":" + (i + 1) + ":1: ";
        int inline = l.indexOf(key + ":");
        if (inline > 0) return source + ":" + (i + 1) + ":" + (inline + 1) + ": ";
        continue;
      }
      if (section >= 0) {
        if (!l.isEmpty() && !Character.isWhitespace(l.charAt(0)) && !l.startsWith("#")) break;
        int col = l.indexOf(key + ":");
        if (col >= 0 && l.substring(0, col).isBlank())
          return source + ":" + (i + 1) + ":" + (col + 1) + ": ";
      }
    }
    return source + ":" + (section < 0 ? 1 : section + 1) + ":1: ";
  }
}
