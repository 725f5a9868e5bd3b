package dev.baton.monitoring;

import dev.baton.metrics.AgentMetrics;
import dev.baton.metrics.Alert;
import dev.baton.workflow.Durations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rules about agents, evaluated over the metrics of the window: {@code failure-rate}, {@code
 * repeated-escalation} and {@code low-quality} per agent × task type, {@code low-satisfaction} per
 * agent (users rate runs, not task types). A pure function of the metrics and the settings.
 */
public final class AgentRules {
  private AgentRules() {}

  public static List<AlertCondition> evaluate(List<AgentMetrics> metrics, MonitoringConfig config) {
    String window = Durations.format(config.window());
    List<AlertCondition> out = new ArrayList<>();
    for (AgentMetrics m : metrics) {
      Alert.Subject subject = Alert.Subject.agent(m.agent(), m.taskType());
      String who = m.agent() + m.taskType().map(t -> " on " + t).orElse("");
      if (m.taskType().isPresent()) {
        MonitoringConfig.RuleSettings fr = config.rule(AlertRule.FAILURE_RATE);
        if (fr.enabled()
            && m.tasks() >= fr.minSamples()
            && m.failureRate().orElse(0) > fr.threshold()) {
          double rate = m.failureRate().getAsDouble();
          out.add(
              new AlertCondition(
                  AlertRule.FAILURE_RATE,
                  subject,
                  rate,
                  fr.threshold(),
                  String.format(
                      Locale.ROOT,
                      "%s: %d of %d attempts failed (%.1f%% > %s%%) in the last %s",
                      who,
                      m.tasks() - m.counts().succeeded(),
                      m.tasks(),
                      rate,
                      num(fr.threshold()),
                      window)));
        }
        MonitoringConfig.RuleSettings re = config.rule(AlertRule.REPEATED_ESCALATION);
        if (re.enabled() && m.counts().escalated() >= re.threshold()) {
          out.add(
              new AlertCondition(
                  AlertRule.REPEATED_ESCALATION,
                  subject,
                  m.counts().escalated(),
                  re.threshold(),
                  String.format(
                      Locale.ROOT,
                      "%s: %d steps led to an escalation, gap or re-plan (>= %s) in the last %s",
                      who,
                      m.counts().escalated(),
                      num(re.threshold()),
                      window)));
        }
        MonitoringConfig.RuleSettings lq = config.rule(AlertRule.LOW_QUALITY);
        if (lq.enabled()
            && m.counts().qualityCount() >= lq.minSamples()
            && m.qualityScore().orElse(10) < lq.threshold()) {
          out.add(
              new AlertCondition(
                  AlertRule.LOW_QUALITY,
                  subject,
                  m.qualityScore().getAsDouble(),
                  lq.threshold(),
                  String.format(
                      Locale.ROOT,
                      "%s: quality %.1f/10 (< %s) from %d scores in the last %s",
                      who,
                      m.qualityScore().getAsDouble(),
                      num(lq.threshold()),
                      m.counts().qualityCount(),
                      window)));
        }
      } else {
        MonitoringConfig.RuleSettings ls = config.rule(AlertRule.LOW_SATISFACTION);
        if (ls.enabled()
            && m.counts().satisfactionCount() >= ls.minSamples()
            && m.userSatisfaction().orElse(10) < ls.threshold()) {
          out.add(
              new AlertCondition(
                  AlertRule.LOW_SATISFACTION,
                  subject,
                  m.userSatisfaction().getAsDouble(),
                  ls.threshold(),
                  String.format(
                      Locale.ROOT,
                      "%s: user satisfaction %.1f/10 (< %s) from %d ratings in the last %s",
                      who,
                      m.userSatisfaction().getAsDouble(),
                      num(ls.threshold()),
                      m.counts().satisfactionCount(),
                      window)));
        }
      }
    }
    return out;
  }

  static String num(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
