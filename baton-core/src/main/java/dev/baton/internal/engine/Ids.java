package dev.baton.internal.engine;

/**
 * Every id the engine makes up, in one place: those of human tasks, idempotency keys, side tasks
 * and alerts. They are journaled and shown to people (and agents get keys in their environment), so
 * their shapes never change.
 */
final class Ids {
  private Ids() {}

  /** The {@code n}-th human task of a run: {@code RUN-hN}. */
  static String humanTask(String run, int n) {
    return run + "-h" + n;
  }

  /** The task that asks a person about a step nobody has the capabilities for. */
  static String gapTask(String run, String step) {
    return run + ":gap:" + step;
  }

  /** The task that asks a person about a critical support request nobody can answer. */
  static String supportTask(String run, String request) {
    return run + ":support:" + request;
  }

  /** The task that asks a person to merge an isolated branch by hand. */
  static String mergeTask(String run, String step) {
    return run + ":merge:" + step;
  }

  /** An attempt's idempotency key: {@code RUN/STEP/ATTEMPT}. */
  static String attempt(String run, String step, int attempt) {
    return run + "/" + step + "/" + attempt;
  }

  /** The key of the compensation of an attempt: {@code RUN/STEP/ATTEMPT/compensate}. */
  static String compensation(String run, String step, int attempt) {
    return attempt(run, step, attempt) + "/compensate";
  }

  /** A step's key among the run's steps in shared maps: {@code RUN/STEP}. */
  static String step(String run, String step) {
    return run + "/" + step;
  }

  /** The side task that answers a support request (it takes a slot like a step). */
  static String supportStep(String request) {
    return "support-" + request;
  }

  /** The side task in which the primary agent merges a conflicting branch. */
  static String mergeStep(String step) {
    return "merge-" + step;
  }

  /** A support request of an attempt: unique within the run. */
  static String supportRequest(String step, int attempt, int index, long nonce) {
    return step + "-" + attempt + "-" + index + "-" + nonce % 100000;
  }

  /** The alert that a running attempt has reported nothing for too long. */
  static String stallAlert(String run, String step, int attempt) {
    return attempt(run, step, attempt) + "/stall";
  }

  /** The alert of an escalation rule with {@code then: alert}. */
  static String ruleAlert(String run, int rule) {
    return run + "-rule" + rule;
  }
}
