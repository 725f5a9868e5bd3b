package dev.baton.meta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.meta.internal.Words;
import org.junit.jupiter.api.Test;

class WordsTest {
  @Test
  void words_match_at_word_boundaries_not_inside_other_words() {
    assertThat(Words.stems("Layout breaks on tablets")).doesNotContain(Words.stem("table"));
    assertThat(Words.stems("works in the browser")).doesNotContain(Words.stem("rows"));
    assertThat(Words.stems("after a restart")).doesNotContain(Words.stem("rest"));
    assertThat(Words.stems("our Terraform plan")).doesNotContain(Words.stem("form"));
    assertThat(Words.stems("the build fails")).doesNotContain("ui");
    assertThat(Words.stems("oauth callback")).doesNotContain("auth");
    assertThat(Words.stems("the Zapier hook")).doesNotContain("api");
  }

  @Test
  void forms_of_one_word_share_a_stem() {
    assertThat(Words.stem("tables")).isEqualTo(Words.stem("table"));
    assertThat(Words.stem("migrations")).isEqualTo(Words.stem("migration"));
    assertThat(Words.stem("deployed")).isEqualTo(Words.stem("deploy"));
    assertThat(Words.stem("queries")).isEqualTo(Words.stem("query"));
    assertThat(Words.stem("testing")).isEqualTo(Words.stem("tests"));
    assertThat(Words.stem("handlers")).isEqualTo(Words.stem("handler"));
  }

  @Test
  void identifiers_give_their_parts_as_well() {
    assertThat(Words.stems("CheckoutHandler.handle"))
        .contains(Words.stem("checkout"), Words.stem("handler"));
    assertThat(Words.stems("order_items.order_id")).contains(Words.stem("order"), "id");
  }
}
