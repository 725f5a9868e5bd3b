package dev.baton.monitoring;

import dev.baton.metrics.Alert;

/** A rule's condition that holds now for a subject: what an open alert stands for. */
public record AlertCondition(
    AlertRule rule, Alert.Subject subject, double value, double threshold, String message) {
  /** Matches an open alert with the condition that keeps it open. */
  public String key() {
    return key(rule.id(), subject);
  }

  static String key(String rule, Alert.Subject subject) {
    return rule + '|' + subject.key();
  }
}
