package dev.baton.monitoring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Alerts in the log: raised at WARN, resolved at INFO, on the {@code dev.baton.alerts} logger. */
public final class LogSink implements AlertSink {
  private static final Logger LOG = LoggerFactory.getLogger("dev.baton.alerts");

  @Override
  public void send(AlertNotice n) {
    if (n.change() == AlertNotice.Change.RAISED) {
      LOG.warn("alert {} raised ({}): {}", n.alert().id(), n.alert().rule(), n.alert().message());
    } else {
      LOG.info("alert {} resolved ({}): {}", n.alert().id(), n.alert().rule(), n.alert().message());
    }
  }
}
