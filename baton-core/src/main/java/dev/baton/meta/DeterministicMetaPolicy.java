package dev.baton.meta;

import dev.baton.workflow.AgentSpec;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The built-in rules of docs/architecture.md#failure-handling: first retry with the failure added
 * to the constraints; then reassign to another agent having every needed capability (best success
 * rate first, then name); when nobody else can, escalate to a person.
 */
public final class DeterministicMetaPolicy implements MetaPolicy {
  @Override
  public Decision replan(FailureReport f) {
    if (f.replan() > f.maxReplans()) {
      return new Decision.Escalate(
          "phase " + f.phase() + " failed after " + f.maxReplans() + " re-plans");
    }
    if (f.replan() == 1) {
      return new Decision.Retry(
          "first re-plan: retry " + f.step() + " with " + f.agent() + ", told why it failed");
    }
    Optional<AgentSpec> other = capableOthers(f).findFirst();
    return other
        .<Decision>map(a ->
            new Decision.Reassign(
                a.name(),
                "re-plan "
                    + f.replan()
                    + ": "
                    + a.name()
                    + " has "
                    + f.requires()
                    + rate(f, a.name())))
        .orElseGet(() ->
            new Decision.Escalate(
                "no other agent has " + f.requires() + " to take over " + f.step()));
  }

  static Stream<AgentSpec> capableOthers(FailureReport f) {
    return f.agents().values().stream()
        .filter(a -> !a.name().equals(f.agent()))
        .filter(a ->
            a.kind() instanceof AgentSpec.Command
                || a.kind() instanceof AgentSpec.InProcess
                || a.kind() instanceof AgentSpec.Llm
                || a.kind() instanceof AgentSpec.Http)
        .filter(a -> a.capabilities().containsAll(f.requires()))
        .sorted(
            Comparator.comparingDouble(
                    (AgentSpec a) -> -f.successRates().getOrDefault(a.name(), -1.0))
                .thenComparing(AgentSpec::name));
  }

  private static String rate(FailureReport f, String agent) {
    double r = f.successRates().getOrDefault(agent, -1.0);
    return r < 0 ? "" : String.format(" (success rate %.0f%%)", r * 100);
  }
}
