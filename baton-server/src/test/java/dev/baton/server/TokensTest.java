package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.journal.EventCodec;
import dev.baton.journal.JournalEntry;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** API tokens kept hashed in the store's tokens journal, shared by every process on it. */
class TokensTest {
  @TempDir Path dir;

  @Test
  void tokens_are_kept_hashed_in_the_store_and_a_revocation_reaches_every_process()
      throws Exception {
    Path db = dir.resolve("baton.db");
    try (JournalStore one = Stores.sqlite(db, Clock.systemUTC());
        JournalStore two = Stores.sqlite(db, Clock.systemUTC())) {
      Tokens here = Tokens.in(one);
      Tokens there = Tokens.in(two);
      String token = here.create("ci", Role.OPERATOR);
      assertThat(there.verify(token)).get().extracting(Tokens.Entry::role).isEqualTo(Role.OPERATOR);
      assertThat(there.verify(token + "x")).isEmpty();
      assertThat(there.list()).extracting(Tokens.Entry::name).containsExactly("ci");
      assertThatThrownBy(() -> there.create("ci", Role.ADMIN)).hasMessageContaining("exists");
      // the journal holds the hash, never the token
      List<JournalEntry> journal = one.read(Tokens.STREAM, 0);
      assertThat(journal).hasSize(1);
      assertThat(EventCodec.toJson(journal.getFirst()).toString())
          .doesNotContain(token)
          .contains(Tokens.hash(token));
      assertThat(there.revoke("ci")).isTrue();
      assertThat(here.verify(token)).isEmpty();
      assertThat(here.revoke("ci")).isFalse();
      assertThat(here.list()).isEmpty();
    }
  }

  @Test
  void an_earlier_versions_tokens_file_is_imported_once_and_its_tokens_keep_working()
      throws Exception {
    String token = Tokens.PREFIX + "earlier-token";
    Files.writeString(
        dir.resolve("tokens.json"),
        EventCodec.mapper()
            .writeValueAsString(
                List.of(
                    new Tokens.Entry(
                        "old",
                        Role.APPROVER,
                        Tokens.hash(token),
                        Instant.parse("2026-01-02T03:04:05Z")))));
    try (JournalStore store = Stores.sqlite(dir.resolve("baton.db"), Clock.systemUTC())) {
      Tokens tokens = Tokens.in(store, dir);
      assertThat(tokens.verify(token))
          .get()
          .extracting(Tokens.Entry::role)
          .isEqualTo(Role.APPROVER);
      assertThat(dir.resolve("tokens.json")).doesNotExist();
      assertThat(dir.resolve("tokens.json.imported")).exists();
      // a second start finds nothing to import and keeps the one token
      Tokens.in(store, dir);
      assertThat(Tokens.in(store).list()).extracting(Tokens.Entry::name).containsExactly("old");
    }
  }
}
