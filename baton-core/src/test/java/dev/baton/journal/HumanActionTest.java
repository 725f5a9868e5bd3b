package dev.baton.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The words people decide with, their arguments, and the options tasks list. */
class HumanActionTest {

  @Test
  void each_action_is_its_lowercase_word_both_ways() {
    for (HumanAction a : HumanAction.values()) {
      assertThat(a.word()).isEqualTo(a.name().toLowerCase(java.util.Locale.ROOT));
      assertThat(HumanAction.of(a.word())).contains(a);
    }
    assertThat(HumanAction.of("Abort")).isEmpty();
  }

  @Test
  void options_are_written_as_a_person_types_them() {
    assertThat(HumanAction.options(HumanAction.CONTINUE, HumanAction.ABORT))
        .containsExactly("continue", "abort");
    assertThat(HumanAction.REASSIGN.usage("STEP", "AGENT")).isEqualTo("reassign STEP AGENT");
    assertThat(HumanAction.LEAD.usage("reviewer")).isEqualTo("lead reviewer");
  }

  @Test
  void arguments_are_checked_by_one_rule_per_action() {
    assertThat(HumanAction.CONTINUE.argumentsProblem(List.of())).isEmpty();
    assertThat(HumanAction.CONTINUE.argumentsProblem(List.of("10m"))).isEmpty();
    assertThat(HumanAction.CONTINUE.argumentsProblem(List.of("10m", "x")))
        .contains("continue takes at most one DURATION");
    assertThat(HumanAction.RETRY.argumentsProblem(List.of("build"))).isEmpty();
    assertThat(HumanAction.REASSIGN.argumentsProblem(List.of("build")))
        .contains("reassign takes STEP AGENT");
    assertThat(HumanAction.REASSIGN.argumentsProblem(List.of("build", "coder"))).isEmpty();
    assertThat(HumanAction.LEAD.argumentsProblem(List.of())).isPresent();
    assertThat(HumanAction.ABORT.argumentsProblem(List.of("now")))
        .contains("abort takes no arguments");
    assertThat(HumanAction.REJECT.argumentsProblem(List.of())).isEmpty();
  }
}
