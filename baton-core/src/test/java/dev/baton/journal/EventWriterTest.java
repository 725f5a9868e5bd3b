package dev.baton.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The hand-written encoder writes exactly what Jackson writes, so a journal's text does not depend
 * on which wrote it, and events it does not handle fall back to Jackson.
 */
class EventWriterTest {
  static final String AWKWARD =
      "quote \" backslash \\ slash / tab \t nl \n cr \r bs \b ff \f"
          + " nul \u0000 esc \u001b del \u007f é ü 日本 \u2028 😀 lone \uD800 high";

  static Map<String, Object> handoff() {
    Map<String, Object> context = new LinkedHashMap<>();
    context.put("goal", "ship " + AWKWARD);
    context.put("completedWork", List.of(Map.of("step", "a1", "summary", "done"), Map.of()));
    context.put("remainingWork", new ArrayList<>(Arrays.asList("b1", null, "c1")));
    context.put("nothing", null);
    context.put("numbers", List.of(0, -1, Long.MAX_VALUE, 1.5, 1e-7, 1e21, 0.1f, (short) 7));
    context.put("big", List.of(new BigDecimal("1.50"), new BigInteger("123456789012345678901234")));
    context.put("flags", List.of(true, false));
    context.put("set", new LinkedHashSet<>(List.of("x", "y")));
    Map<String, Object> h = new LinkedHashMap<>();
    h.put("fromAgent", "planner");
    h.put("task", "do a1");
    h.put("context", context);
    h.put("empty", Map.of());
    return h;
  }

  static List<Event> handled() {
    Map<String, Object> inputs = new LinkedHashMap<>();
    inputs.put("feature", "search");
    inputs.put("count", 3);
    Map<String, Object> status = new HashMap<>();
    status.put("note", AWKWARD);
    return List.of(
        new Event.RunStarted(
            "feature",
            "normal",
            inputs,
            new Event.Definition("feature.yaml", "name: feature\n", null, null)),
        new Event.RunStarted("feature", null, Map.of(), null),
        new Event.PhaseStarted(
            "build",
            0,
            List.of(
                new Event.PlannedStep("a1", "a1", "dev", null),
                new Event.PlannedStep("x", null, null, List.of("item", 2)),
                new Event.PlannedStep("r.2", "r", "qa", Map.of("file", "x.java")))),
        new Event.PhaseStarted("empty", 2, List.of()),
        new Event.PhaseSucceeded("build"),
        new Event.StepStarted("build", "a1", "dev", 1, "do " + AWKWARD),
        new Event.StepStarted("build", "a1", null, 0, null),
        new Event.HandoffSent("a1", "dev", 1, handoff()),
        new Event.StatusReported("a1", "dev", 1, 50, status),
        new Event.StatusReported("a1", "dev", 1, null, null),
        new Event.StepSucceeded("build", "a1", "dev", 1, handoff(), 12),
        new Event.StepSucceeded("build", "a1", "dev", 1, "plain text", 0),
        new Event.StepSucceeded("build", "a1", "dev", 1, null, 3),
        new Event.StepSucceeded("build", "a1", "dev", 1, List.of(1, "two", 3.0), 3),
        new Event.StepFailed("build", "a1", "dev", 2, "exit 1: " + AWKWARD, 40),
        new Event.RunSucceeded());
  }

  @Test
  void the_events_of_every_run_are_written_by_hand_exactly_as_jackson_writes_them() {
    for (Event e : handled()) {
      String byHand = EventWriter.write(e);
      assertThat(byHand).as(e.type() + " written by hand").isNotNull();
      assertThat(byHand).as(e.type()).isEqualTo(EventCodec.jackson(e));
      assertThat(EventCodec.decode(byHand).type()).as(e.type() + " read back").isEqualTo(e.type());
    }
  }

  @Test
  void values_that_are_not_plain_json_and_other_events_are_left_to_jackson() {
    record Report(String verdict, int score) {}
    List<Event> others =
        List.of(
            new Event.StepSucceeded("p", "s", "a", 1, new Report("ok", 3), 1),
            new Event.StepSucceeded("p", "s", "a", 1, Map.of("at", Instant.EPOCH), 1),
            new Event.StepSucceeded("p", "s", "a", 1, Map.of(1, "numeric key"), 1),
            new Event.StepSucceeded("p", "s", "a", 1, List.of(Double.NaN), 1),
            new Event.RunFailed("because", "s"),
            new Event.HumanTaskOpened(
                "t1", "approval", "ok?", List.of("yes"), null, null, "rule", true));
    for (Event e : others) {
      assertThat(EventWriter.write(e)).as(e.toString()).isNull();
      assertThat(EventCodec.encode(e)).isEqualTo(EventCodec.jackson(e));
    }
  }
}
