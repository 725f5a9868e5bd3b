package dev.baton.agents.command.internal;

/**
 * Why a protocol line cannot be used; becomes a warning, never a failure. Carries no stack trace.
 */
final class Malformed extends Exception {
  Malformed(String reason) {
    super(reason, null, false, false);
  }
}
