package dev.baton.workflow;

import java.util.List;

/** Success criteria handed to the agent, and an optional check command (argv) that must exit 0. */
public record Success(String criteria, List<String> check) {
  public static final Success NONE = new Success("", List.of());

  public Success {
    if (criteria == null) criteria = "";
    check = List.copyOf(check);
  }
}
