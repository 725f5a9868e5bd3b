package dev.baton.journal;

import dev.baton.BatonException;

/** An append lost a race: another process wrote the same sequence number of the run. */
public final class JournalConflictException extends BatonException {
  public JournalConflictException(String message) {
    super(message);
  }
}
