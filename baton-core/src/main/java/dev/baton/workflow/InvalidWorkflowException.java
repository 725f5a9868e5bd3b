package dev.baton.workflow;

import dev.baton.BatonException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A workflow or agents file that cannot run; carries every problem found, each with its position.
 */
public final class InvalidWorkflowException extends BatonException {
  private final List<Problem> problems;

  public InvalidWorkflowException(List<Problem> problems) {
    super(problems.stream().sorted().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }
}
