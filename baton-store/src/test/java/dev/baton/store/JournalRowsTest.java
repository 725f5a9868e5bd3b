package dev.baton.store;

import static dev.baton.store.Journals.T0;
import static dev.baton.store.Journals.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.BatonException;
import dev.baton.journal.Event;
import dev.baton.journal.EventCodec;
import dev.baton.journal.JournalEntry;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JournalRowsTest {

  private static List<JournalEntry> entries(long first, Event... events) {
    List<JournalEntry> out = new ArrayList<>();
    for (int i = 0; i < events.length; i++)
      out.add(new JournalEntry("r", first + i, T0.plus(i * 1500L, ChronoUnit.MICROS), events[i]));
    return out;
  }

  private static String row(List<JournalEntry> entries) {
    return JournalRows.data(entries);
  }

  private static List<JournalEntry> read(String data, long seq, long afterSeq) {
    List<JournalEntry> out = new ArrayList<>();
    JournalRows.read("r", seq, JournalRows.micros(T0), data, afterSeq, out);
    return out;
  }

  @Test
  void one_event_is_stored_as_its_own_json_as_rows_always_were() {
    List<JournalEntry> one = entries(7, step("a"));
    String data = row(one);

    assertThat(data).isEqualTo(EventCodec.encode(step("a")));
    assertThat(read(data, 7, 0)).isEqualTo(one);
    assertThat(read(data, 7, 7)).isEmpty();
    assertThat(JournalRows.lastSeq(7, data)).isEqualTo(7);
  }

  @Test
  void several_events_keep_their_seqs_and_times_and_are_read_from_any_seq() {
    List<JournalEntry> three = entries(4, step("a"), step("b"), step("c"));
    String data = row(three);

    assertThat(data).startsWith("[[");
    assertThat(read(data, 4, 0)).isEqualTo(three);
    assertThat(read(data, 4, 5)).isEqualTo(three.subList(2, 3));
    assertThat(read(data, 4, 6)).isEmpty();
    assertThat(JournalRows.lastSeq(4, data)).isEqualTo(6);
    // PostgreSQL's jsonb gives the text back with spaces
    assertThat(read(data.replace(",", ", "), 4, 0)).isEqualTo(three);
  }

  @Test
  void events_written_into_one_row_read_as_each_encoded_alone_even_those_left_to_jackson() {
    record Report(String verdict, int score) {}
    List<JournalEntry> mixed =
        entries(
            1,
            step("a"),
            // written by hand up to its output, which Jackson must write: the row drops the start
            new Event.StepSucceeded("p", "s", "a", 1, new Report("ok", 3), 5),
            new Event.RunFailed("because", "s"),
            step("b"));
    StringBuilder expected = new StringBuilder("[");
    for (JournalEntry e : mixed) {
      if (expected.length() > 1) expected.append(',');
      expected.append('[').append(JournalRows.micros(e.time())).append(',');
      expected.append(EventCodec.encode(e.event())).append(']');
    }

    assertThat(row(mixed)).isEqualTo(expected.append(']').toString());
  }

  @Test
  void a_damaged_row_is_an_error_naming_its_run() {
    assertThatThrownBy(() -> read("[[1,{\"type\":\"StepQueued\"}", 1, 0))
        .isInstanceOf(BatonException.class)
        .hasMessageContaining("run r");
    assertThatThrownBy(() -> read("[{\"type\":\"StepQueued\"}]", 1, 0))
        .isInstanceOf(BatonException.class)
        .hasMessageContaining("run r");
  }
}
