package dev.baton.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.run.RunStatus;
import dev.baton.run.ScopeChanges;
import org.junit.jupiter.api.Test;

class ScopeChangesTest {
  @Test
  void cancelling_a_running_critical_or_high_run_needs_approval_and_others_do_not() {
    assertThat(ScopeChanges.needsApproval("critical", RunStatus.RUNNING)).isTrue();
    assertThat(ScopeChanges.needsApproval("high", RunStatus.WAITING)).isTrue();
    assertThat(ScopeChanges.needsApproval("normal", RunStatus.RUNNING)).isFalse();
    assertThat(ScopeChanges.needsApproval("low", RunStatus.RUNNING)).isFalse();
    assertThat(ScopeChanges.needsApproval("critical", RunStatus.SUCCEEDED)).isFalse();
  }
}
