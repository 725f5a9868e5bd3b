package dev.baton.internal.engine;

import dev.baton.agent.Cancellation;
import dev.baton.agent.Handoff;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/** An attempt being performed in this process, with the reason it is being stopped, if any. */
final class InFlight {
  enum Stop {
    NONE,
    TIMEOUT,
    CANCEL,
    PREEMPT
  }

  final String step;
  final int attempt;
  final String agent;
  final int capacity;
  final Handoff handoff;
  final Cancellation cancellation = new Cancellation();

  /**
   * Its timeout, estimate and stall timers (the stall watch adds one each time it looks again):
   * room for the first three.
   */
  final List<Future<?>> timers = new ArrayList<>(3);

  volatile Stop stop = Stop.NONE;

  /** When the agent last reported a status (or started): the meta agent flags long silences. */
  volatile Instant lastReport;

  boolean stalled;

  InFlight(String step, int attempt, String agent, int capacity, Handoff handoff) {
    this.handoff = handoff;
    this.step = step;
    this.attempt = attempt;
    this.agent = agent;
    this.capacity = capacity;
  }

  void stop(Stop why, String reason) {
    if (stop == Stop.NONE) stop = why;
    cancellation.cancel(reason);
  }

  void cancelTimers() {
    timers.forEach(t -> t.cancel(false));
  }
}
