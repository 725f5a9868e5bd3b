package dev.baton.store;

import dev.baton.metrics.AgentMetrics;
import dev.baton.metrics.Alert;
import dev.baton.metrics.Alerts;
import dev.baton.metrics.Metrics;
import java.util.List;

/** What monitoring reads: metrics per agent and task type, and the alerts raised. */
public interface MonitoringView {

  /**
   * Metrics per agent (task type empty) and per agent × task type, summed over the minutes at or
   * after {@code sinceMinute} (see {@link Metrics#firstMinute}), ordered by agent then task type.
   */
  List<AgentMetrics> metrics(long sinceMinute);

  /** Every alert, in the order raised: the fold of the {@link Alerts#STREAM alerts journal}. */
  List<Alert> alerts();
}
