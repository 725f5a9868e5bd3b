package dev.baton.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.Handoff;
import dev.baton.journal.EventCodec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HandoffsTest {

  @Test
  void the_journaled_handoff_is_the_json_jackson_writes_for_it() {
    Handoff full =
        new Handoff(
            "planner",
            "coder",
            "r/b1/2",
            "Build it",
            new Handoff.Context(
                "- a1 (planner): done", "- b2 (B)", List.of("be careful"), List.of("a1")),
            "tests pass",
            5,
            List.of("stuck"),
            Map.of("feature", "dark mode"),
            Map.of("a1", Map.of("summary", "plan", "files", List.of("A.java")), "a2", "text"),
            "r/b1/2");
    Handoff sparse =
        new Handoff(
            "meta",
            "coder",
            "r/a1/1",
            "Start",
            new Handoff.Context("", "", List.of(), List.of()),
            "",
            null,
            List.of(),
            Map.of(),
            Map.of(),
            "r/a1/1");

    for (Handoff h : List.of(full, sparse)) {
      assertThat(EventCodec.json(Handoffs.json(h))).isEqualTo(EventCodec.json(h));
      assertThat(Handoffs.json(h)).isEqualTo(EventCodec.mapper().convertValue(h, Map.class));
    }
  }
}
