package dev.baton.agents.command.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TailTest {
  @Test
  void keeps_whole_lines_from_the_end_within_the_limit() {
    Tail tail = new Tail(10);
    for (String line : List.of("aaaa", "bbbb", "cccc")) tail.add(line);

    assertThat(tail.text()).isEqualTo("bbbb\ncccc");
  }

  @Test
  void a_line_longer_than_the_limit_keeps_its_end_without_splitting_characters() {
    Tail tail = new Tail(7);
    tail.add("start");
    tail.add("xxéééé");

    assertThat(tail.text()).isEqualTo("ééé");
    assertThat(tail.text().getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(7);
  }

  @Test
  void last_lines_skips_blank_lines() {
    Tail tail = new Tail();
    for (String line : List.of("one", "two", "", "three", "  ")) tail.add(line);

    assertThat(tail.lastLines(2)).isEqualTo("two\nthree");
  }

  @Test
  void lines_split_on_newlines_drop_carriage_returns_and_cap_length() throws Exception {
    List<String> lines = new ArrayList<>();
    byte[] input = ("one\r\ntwo\n" + "x".repeat(50) + "\nlast").getBytes(StandardCharsets.UTF_8);

    Lines.forEach(new ByteArrayInputStream(input), 10, lines::add);

    assertThat(lines).containsExactly("one", "two", "x".repeat(10), "last");
  }
}
