package dev.baton.cli;

import dev.baton.run.RunStatus;

/** The command line's exit codes (docs/operations.md). */
final class ExitCodes {
  static final int OK = 0;
  static final int RUN_FAILED = 1;
  static final int USAGE = 2;
  static final int WAITING = 3;
  static final int ERROR = 4;

  /** Ctrl-C paused a run (128 + SIGINT, as shells report an interrupted program). */
  static final int INTERRUPTED = 130;

  private ExitCodes() {}

  static int of(RunStatus status) {
    return switch (status) {
      case SUCCEEDED -> OK;
      case WAITING -> WAITING;
      case FAILED, ROLLED_BACK, CANCELLED -> RUN_FAILED;
      default -> ERROR;
    };
  }
}
