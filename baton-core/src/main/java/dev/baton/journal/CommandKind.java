package dev.baton.journal;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * What a {@link RunCommand} asks of the process that executes the run. Written to the journal (and
 * shown) as its lowercase word.
 */
public enum CommandKind {
  /** A decision about a human task. */
  DECIDE("decide"),
  /** Cancel the run. */
  CANCEL("cancel"),
  /** Record a person's ratings in the run's journal. */
  FEEDBACK("feedback");

  private final String word;

  CommandKind(String word) {
    this.word = word;
  }

  /** The word in the journal's JSON and on the command line. */
  @JsonValue
  public String word() {
    return word;
  }

  /** The constant for {@code word}, if it is one. */
  public static Optional<CommandKind> of(String word) {
    for (CommandKind v : values()) if (v.word.equals(word)) return Optional.of(v);
    return Optional.empty();
  }

  @JsonCreator
  static CommandKind fromJson(String word) {
    return of(word)
        .orElseThrow(() -> new IllegalArgumentException("not a CommandKind: '" + word + "'"));
  }

  @Override
  public String toString() {
    return word;
  }
}
