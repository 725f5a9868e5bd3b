package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.journal.JournalEntry;
import dev.baton.store.JournalRows;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The improvement schedules (docs/improvement.md) across real processes: three {@code baton serve}
 * on one SQLite file, with the daily cycle's morning and midday stages due every minute, claim each
 * tick once among them (at start-up, where all three catch up the same ticks, and at each minute,
 * where all three wake at once); a manual {@code baton review} claims its period the same way, so
 * the servers never review it again and a second manual review of it is refused.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class ReviewTicksAcrossProcessesEndToEndTest {
  @TempDir Path dir;

  /** A journal entry of a review journal: its type and its tick. */
  record Claim(String type, String tick, String owner) {}

  @Test
  void three_servers_and_a_manual_review_run_each_tick_of_a_cycle_exactly_once() throws Exception {
    Cli cli = Cli.in(dir);
    Files.writeString(
        dir.resolve("baton.yaml"),
        """
        improvement:
          daily: "* * * * *"
          tunings: "* * * * *"
        """);
    List<Cli.Running> servers = new ArrayList<>();
    for (int i = 0; i < 3; i++) servers.add(cli.start("serve", "--port", "0"));
    for (Cli.Running s : servers)
      await()
          .atMost(Duration.ofMinutes(3))
          .until(() -> s.outSoFar().contains("Baton serves on") || !s.process.isAlive());
    for (Cli.Running s : servers) assertThat(s.process.isAlive()).as(s.errSoFar()).isTrue();

    // by hand, the period of a minute tick still to come
    Instant at = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(2));
    Cli.Result manual = cli.baton("review", "daily", "--at", at.toString());
    // it ran (it claimed the period first) or was refused (a server claimed it first): never both
    assertThat(manual.exit()).as("%s", manual).isIn(0, 2);
    Cli.Result again = cli.baton("review", "daily", "--at", at.toString());
    assertThat(again.exit()).as("%s", again).isEqualTo(2);
    assertThat(again.err()).contains("not reviewed");

    // the manual period's tick and the next one pass with the three servers awake
    Instant until = at.plus(Duration.ofMinutes(1));
    await()
        .atMost(Duration.ofMinutes(6))
        .pollInterval(Duration.ofSeconds(2))
        .until(() ->
            claims("baton:reviews:daily").stream()
                .anyMatch(c -> !ZonedDateTime.parse(c.tick()).toInstant().isBefore(until)));
    for (Cli.Running s : servers) s.signal("TERM");
    for (Cli.Running s : servers) s.await();

    for (String job : List.of("daily", "daily-tunings", "daily-proposals", "weekly", "monthly")) {
      List<Claim> entries = claims("baton:reviews:" + job);
      List<String> started =
          entries.stream().filter(c -> c.type().equals("ReviewStarted")).map(Claim::tick).toList();
      List<String> finished =
          entries.stream().filter(c -> c.type().equals("ReviewFinished")).map(Claim::tick).toList();
      assertThat(started).as(job).isNotEmpty().doesNotHaveDuplicates();
      assertThat(finished).as(job).containsExactlyElementsOf(started);
    }
    List<Claim> daily =
        claims("baton:reviews:daily").stream()
            .filter(c -> c.type().equals("ReviewStarted"))
            .toList();
    // the catch-up at start-up, the manual period, and the minute after it
    assertThat(daily).hasSizeGreaterThanOrEqualTo(3);
    assertThat(daily)
        .filteredOn(c -> ZonedDateTime.parse(c.tick()).toInstant().equals(at))
        .hasSize(1);
    // every other tick was claimed by one of the servers
    List<String> pids = servers.stream().map(r -> "/" + r.pid() + "/").toList();
    assertThat(daily)
        .filteredOn(c -> !ZonedDateTime.parse(c.tick()).toInstant().equals(at))
        .allMatch(c -> pids.stream().anyMatch(c.owner()::contains), "claimed by a server");
    assertThat(claims("baton:reviews:daily-tunings")).hasSizeGreaterThanOrEqualTo(4);
  }

  /** The entries of a review journal, read from the store's SQLite file. */
  private List<Claim> claims(String stream) throws Exception {
    List<Claim> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("baton.db"));
        PreparedStatement q =
            c.prepareStatement("SELECT seq, time, data FROM events WHERE run = ? ORDER BY seq")) {
      q.setString(1, stream);
      List<JournalEntry> entries = new ArrayList<>();
      try (ResultSet r = q.executeQuery()) {
        while (r.next())
          JournalRows.read(stream, r.getLong(1), r.getLong(2), r.getString(3), 0, entries);
      }
      for (JournalEntry e : entries) {
        JsonNode data = Cli.JSON.valueToTree(e.event());
        out.add(
            new Claim(e.event().type(), data.path("tick").asText(), data.path("owner").asText()));
      }
    }
    return out;
  }
}
