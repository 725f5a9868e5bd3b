package dev.baton;

/** A request refused before anything ran: a missing or unknown input, a run id already taken. */
public final class RequestRefusedException extends BatonException {
  public RequestRefusedException(String message) {
    super(message);
  }
}
