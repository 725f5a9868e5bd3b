package dev.baton.cli;

import dev.baton.BatonException;

/** A mistake of the user's (bad usage, bad input): printed without a stack trace, exit code 2. */
final class UserError extends BatonException {
  UserError(String message) {
    super(message);
  }
}
