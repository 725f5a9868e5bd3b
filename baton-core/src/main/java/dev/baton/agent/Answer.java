package dev.baton.agent;

/**
 * A person's answer to a question an agent asked through {@link Reporter#ask}: {@code given} with
 * the answer's {@code text}, or refused (then {@code text} says why).
 *
 * @param by who answered ({@code baton} when Baton withdrew the question)
 */
public record Answer(boolean given, String text, String by) {
  public static Answer given(String text, String by) {
    return new Answer(true, text, by);
  }

  public static Answer refused(String why, String by) {
    return new Answer(false, why, by);
  }
}
