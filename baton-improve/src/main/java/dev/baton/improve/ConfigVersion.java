package dev.baton.improve;

import java.time.Instant;
import java.util.Map;

/**
 * One configuration version (docs/improvement.md): what changed, who changed it, why, the figures
 * behind it, and the whole configuration as of it.
 *
 * @param author {@code review:daily}, {@code validation}, {@code proposal:P3 by alice}, {@code
 *     rollback by bob}
 */
public record ConfigVersion(
    long version,
    Instant time,
    String author,
    String change,
    String reason,
    Map<String, Object> figures,
    Configuration configuration) {
  public ConfigVersion {
    figures = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(figures));
  }
}
