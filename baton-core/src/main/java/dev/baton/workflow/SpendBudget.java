package dev.baton.workflow;

import java.util.Optional;

/**
 * What a run or a phase may spend on chat models: {@code budget: {tokens: N, usd: X}}
 * (docs/agent-protocols.md). Crossing either limit raises {@code BudgetExceeded} and escalates to a
 * person.
 */
public record SpendBudget(Optional<Long> tokens, Optional<Double> usd) {
  public static final SpendBudget NONE = new SpendBudget(Optional.empty(), Optional.empty());

  public SpendBudget {
    tokens.ifPresent(t -> {
      if (t < 0) throw new IllegalArgumentException("tokens must be >= 0");
    });
    usd.ifPresent(u -> {
      if (u < 0 || !Double.isFinite(u)) throw new IllegalArgumentException("usd must be >= 0");
    });
  }

  public boolean isSet() {
    return tokens.isPresent() || usd.isPresent();
  }

  /** True when {@code spentTokens} or {@code spentUsd} is past a limit. */
  public boolean crossedBy(long spentTokens, double spentUsd) {
    return tokens.filter(t -> spentTokens > t).isPresent()
        || usd.filter(u -> spentUsd > u).isPresent();
  }

  /** E.g. {@code 20000 tokens, $0.5}. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    tokens.ifPresent(t -> b.append(t).append(" tokens"));
    usd.ifPresent(u -> {
      if (!b.isEmpty()) b.append(", ");
      b.append("$").append(java.math.BigDecimal.valueOf(u).stripTrailingZeros().toPlainString());
    });
    return b.toString();
  }
}
