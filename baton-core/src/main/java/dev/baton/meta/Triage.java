package dev.baton.meta;

import java.util.List;

/**
 * What the meta agent concludes about a report (docs/conflicts.md): who leads, or that a person
 * should say. Both carry the candidates in order with their share of the confidence and the reasons
 * (the evidence matched, the nearest examples), which are journaled and shown by {@code baton
 * show}.
 */
public sealed interface Triage {
  /** The agents considered, best first. */
  List<Candidate> candidates();

  /** Why, one line per reason. */
  List<String> reasons();

  /** The confidence of the best candidate, 0 to 1. */
  default double confidence() {
    return candidates().isEmpty() ? 0 : candidates().getFirst().confidence();
  }

  /** {@code agent} leads. */
  record Lead(String agent, List<Candidate> candidates, List<String> reasons) implements Triage {
    public Lead {
      candidates = List.copyOf(candidates);
      reasons = List.copyOf(reasons);
    }
  }

  /** Too unsure to decide: a person is asked who should lead, among the candidates. */
  record Ask(List<Candidate> candidates, List<String> reasons) implements Triage {
    public Ask {
      candidates = List.copyOf(candidates);
      reasons = List.copyOf(reasons);
    }
  }

  /** One agent considered, with its share of the confidence (the shares sum to 1). */
  record Candidate(String agent, double confidence) {}
}
