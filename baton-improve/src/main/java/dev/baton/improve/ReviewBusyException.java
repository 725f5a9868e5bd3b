package dev.baton.improve;

import dev.baton.BatonException;

/**
 * A review asked for by hand was not run: its period was reviewed already, or another review of its
 * kind is running (docs/improvement.md).
 */
public final class ReviewBusyException extends BatonException {
  private static final long serialVersionUID = 1L;

  public ReviewBusyException(String message) {
    super(message);
  }
}
