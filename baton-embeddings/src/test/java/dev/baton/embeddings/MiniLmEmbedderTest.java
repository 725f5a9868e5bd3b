package dev.baton.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.meta.TextEmbedder;
import org.junit.jupiter.api.Test;

class MiniLmEmbedderTest {
  final MiniLmEmbedder model = new MiniLmEmbedder();

  @Test
  void similar_sentences_are_closer_than_unrelated_ones() {
    float[] slow = model.embed("The orders query is slow because an index is missing");
    float[] index = model.embed("Add a missing index behind a slow database query");
    float[] css = model.embed("The checkout button is hidden behind the cookie banner");
    assertThat(slow).hasSize(384);
    assertThat(TextEmbedder.cosine(slow, index)).isGreaterThan(TextEmbedder.cosine(slow, css));
  }

  @Test
  void one_text_always_gives_the_same_vector() {
    assertThat(model.embed("deadlock detected")).containsExactly(model.embed("deadlock detected"));
  }
}
