package dev.baton.bench;

/**
 * How many workflows each measurement runs. The full plan is sized for a couple of seconds per line
 * on a 2-core machine; the smoke plan runs a hundredth of it so CI exercises every path quickly.
 */
record Plan(boolean smoke) {
  /** Warm-up and measured workflows of one line. */
  record Count(int warmup, int total) {}

  Count count(int warmup, int total) {
    return smoke
        ? new Count(Math.max(1, warmup / 100), Math.max(2, total / 100))
        : new Count(warmup, total);
  }

  /** W4: runs through one process, sampled every tenth. */
  int soakRuns() {
    return smoke ? 1_000 : 100_000;
  }

  /** Turns of Baton and its floor in the command scenario (the median is reported). */
  int rounds() {
    return smoke ? 1 : 3;
  }

  int inFlightRuns() {
    return smoke ? 50 : 10_000;
  }
}
