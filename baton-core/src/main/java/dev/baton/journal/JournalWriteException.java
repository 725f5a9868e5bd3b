package dev.baton.journal;

import dev.baton.BatonException;

/**
 * An append could not be written: the store refused it (disk full, a broken connection, data it
 * cannot hold) or an earlier append of the same run failed, so this one would leave a hole. The
 * run's journal holds everything before the failed append and nothing after it: the run can be
 * resumed from there. The message is one line a user can act on; it never holds the statement or
 * the data.
 */
public final class JournalWriteException extends BatonException {
  private final String run;

  public JournalWriteException(String run, String message, Throwable cause) {
    super(message, cause);
    this.run = run;
  }

  /** The run (or journal stream) whose append failed. */
  public String run() {
    return run;
  }
}
