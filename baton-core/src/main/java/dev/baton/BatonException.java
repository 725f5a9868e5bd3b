package dev.baton;

/**
 * The root of every exception Baton throws. Unchecked: callers handle the few subclasses that mean
 * something to them.
 */
public class BatonException extends RuntimeException {
  public BatonException(String message) {
    super(message);
  }

  public BatonException(String message, Throwable cause) {
    super(message, cause);
  }
}
