package dev.baton.improve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.journal.CommandKind;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.RunCommand;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import dev.baton.test.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An approved proposal waits while a critical run is active: the deferral is journaled (once an
 * hour at most), and the change is applied as a configuration version once no critical run is left.
 */
class ProposalBookTest {
  @TempDir Path dir;
  final ManualClock clock = ManualClock.at(Instant.parse("2026-11-02T09:00:00Z"));
  JournalStore store;

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void an_approved_proposal_waits_for_critical_runs_and_is_applied_after_them() {
    store = Stores.sqlite(dir.resolve("b.db"), clock);
    ConfigBook config = new ConfigBook(store, clock);
    ProposalBook book = new ProposalBook(store, config, clock);
    Proposal p =
        book.open(
                List.of(
                    new Proposer.Draft(
                        "budget",
                        "sim/deploy",
                        "budget of phase sim/deploy: 5m -> 9m",
                        "3 of 4 runs of the phase went over its budget",
                        Map.of(
                            "workflow",
                            "sim",
                            "phase",
                            "deploy",
                            "fromMillis",
                            300_000L,
                            "toMillis",
                            540_000L))))
            .getFirst();
    store.submit(
        new RunCommand(
            0,
            ProposalBook.STREAM,
            CommandKind.DECIDE,
            p.id(),
            "approve",
            List.of(),
            "alice",
            "",
            clock.instant()));

    assertThat(book.applyApproved(List.of("hotfix-1"))).isEmpty();
    clock.advance(Duration.ofMinutes(10));
    assertThat(book.applyApproved(List.of("hotfix-1"))).isEmpty();
    assertThat(deferrals()).as("once an hour at most").hasSize(1);
    assertThat(deferrals().getFirst().reason()).isEqualTo("critical run active: hotfix-1");
    assertThat(book.list()).extracting(Proposal::state).containsExactly("approved");
    assertThat(config.history()).isEmpty();

    clock.advance(Duration.ofHours(1));
    assertThat(book.applyApproved(List.of("hotfix-1", "hotfix-2"))).isEmpty();
    assertThat(deferrals()).hasSize(2);

    clock.advance(Duration.ofMinutes(5));
    assertThat(book.applyApproved(List.of())).extracting(Proposal::id).containsExactly(p.id());
    assertThat(book.list()).extracting(Proposal::state).containsExactly("applied");
    assertThat(config.history())
        .extracting(ConfigVersion::change)
        .containsExactly("budget of phase sim/deploy: 5m -> 9m");
  }

  private List<Event.ProposalDeferred> deferrals() {
    return store.read(ProposalBook.STREAM, 0).stream()
        .map(JournalEntry::event)
        .filter(e -> e instanceof Event.ProposalDeferred)
        .map(e -> (Event.ProposalDeferred) e)
        .toList();
  }
}
