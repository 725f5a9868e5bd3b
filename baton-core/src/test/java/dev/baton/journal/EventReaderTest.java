package dev.baton.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The reader without data binding reads every event to exactly what Jackson reads: the same
 * records, the same values, the same Java types inside untyped fields.
 */
class EventReaderTest {

  @Test
  void every_event_of_the_golden_journals_reads_as_jackson_reads_it_and_by_the_reader_itself()
      throws Exception {
    Set<String> read = new TreeSet<>();
    int events = 0;
    for (Path file : GoldenJournalsTest.golden().toList()) {
      for (String line : Files.readAllLines(file)) {
        String json = tree(line).get("event").toString();
        Event event = EventReader.read(tree(json));
        assertSame(event, EventCodec.jackson(json), json);
        read.add(event.type());
        events++;
      }
    }
    assertThat(events).isGreaterThan(100);
    Set<String> all = new TreeSet<>();
    for (Class<?> c : Event.class.getPermittedSubclasses()) all.add(c.getSimpleName());
    assertThat(read).as("no event type left to Jackson").isEqualTo(all);
  }

  @Test
  void awkward_values_read_as_jackson_reads_them() throws Exception {
    for (Event event : EventWriterTest.handled()) {
      String json = EventCodec.encode(event);
      assertSame(EventReader.read(tree(json)), EventCodec.jackson(json), json);
    }
  }

  @Test
  void numbers_in_untyped_fields_keep_the_java_type_jackson_gives_them() throws Exception {
    String json =
        "{\"type\":\"HandoffNotes\",\"step\":\"a\",\"agent\":\"b\",\"attempt\":2,\"notes\":{"
            + "\"int\":1,\"long\":12345678901,\"big\":123456789012345678901234,\"float\":1.50,"
            + "\"exp\":1e21,\"neg\":-0.0,\"list\":[1,\"x\",null,true,{\"k\":[]}],\"null\":null}}";
    Event read = EventReader.read(tree(json));
    assertSame(read, EventCodec.jackson(json), json);
    Map<String, Object> notes = ((Event.HandoffNotes) read).notes();
    assertThat(notes.get("int")).isInstanceOf(Integer.class);
    assertThat(notes.get("long")).isInstanceOf(Long.class);
    assertThat(notes.get("big")).isInstanceOf(BigInteger.class);
    assertThat(notes.get("float")).isEqualTo(1.5);
    assertThat(notes).containsKey("null").isInstanceOf(LinkedHashMap.class);
  }

  @Test
  void missing_and_null_fields_read_as_nulls_and_zeros_as_with_jackson() throws Exception {
    for (String json :
        List.of(
            "{\"type\":\"StepStarted\"}",
            "{\"type\":\"StepStarted\",\"phase\":null,\"attempt\":null,\"unknown\":[1,2]}",
            "{\"step\":\"s\",\"type\":\"StepRetrying\",\"attempt\":3,\"delayMillis\":7}",
            "{\"type\":\"RunStarted\",\"workflow\":\"w\",\"inputs\":{\"a\":null},\"definition\":{}}",
            "{\"type\":\"PhaseStarted\",\"phase\":\"p\",\"round\":1,\"steps\":[{\"id\":\"x\"}]}")) {
      assertSame(EventReader.read(tree(json)), EventCodec.jackson(json), json);
    }
  }

  @Test
  void what_the_reader_does_not_handle_is_left_to_jackson_with_the_same_result() throws Exception {
    // a number where a string belongs, text where a number belongs: Jackson coerces them
    for (String json :
        List.of(
            "{\"type\":\"StepStarted\",\"phase\":12,\"step\":\"s\",\"attempt\":\"3\"}",
            "{\"type\":\"StepRetrying\",\"step\":\"s\",\"attempt\":2.0,\"delayMillis\":\"5\"}")) {
      assertThatThrownBy(() -> EventReader.read(tree(json)))
          .isInstanceOf(EventReader.Unreadable.class);
      assertSame(EventCodec.decode(json), EventCodec.jackson(json), json);
    }
    assertThatThrownBy(() -> EventReader.read(tree("{\"type\":\"NoSuchEvent\"}")))
        .isInstanceOf(EventReader.Unreadable.class);
  }

  /** Equal records, and inside them the same Java types, not only equal values. */
  private static void assertSame(Event read, Event jackson, String json) {
    assertThat(read).as(json).isEqualTo(jackson);
    assertThat(types(read)).as(json).isEqualTo(types(jackson));
  }

  /** Every value's class, depth first, through record components, maps and lists. */
  private static List<String> types(Object value) {
    List<String> out = new ArrayList<>();
    collect(value, out);
    return out;
  }

  private static void collect(Object value, List<String> out) {
    out.add(value == null ? "null" : value.getClass().getName());
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        out.add(String.valueOf(k));
        collect(v, out);
      });
    } else if (value instanceof List<?> l) {
      l.forEach(v -> collect(v, out));
    } else if (value != null && value.getClass().isRecord()) {
      for (var c : value.getClass().getRecordComponents()) {
        try {
          var accessor = c.getAccessor();
          accessor.setAccessible(true);
          collect(accessor.invoke(value), out);
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  private static JsonNode tree(String json) {
    try {
      return EventCodec.tree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
