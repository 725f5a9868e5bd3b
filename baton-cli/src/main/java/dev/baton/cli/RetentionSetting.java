package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.baton.store.JournalStore;
import dev.baton.workflow.Durations;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code retention: 30d} in {@code baton.yaml}: how long finished runs are kept. {@code baton
 * serve} then prunes by itself ({@code baton prune --older-than} the same age) when it starts and
 * every hour (more often for a retention shorter than ten hours: a tenth of it). Every node of a
 * cluster may do it; pruning is idempotent and goes a few hundred runs per short transaction.
 * Absent: runs are kept until {@code baton prune} deletes them. A broken value is the user's
 * mistake (exit 2).
 */
record RetentionSetting(Optional<Duration> keep) {
  private static final Logger log = LoggerFactory.getLogger(RetentionSetting.class);
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Duration HOURLY = Duration.ofHours(1);

  static RetentionSetting load(Path file) {
    if (!Files.isRegularFile(file)) return new RetentionSetting(Optional.empty());
    JsonNode root;
    try {
      root = YAML.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UserError(file + ": cannot read: " + e.getMessage());
    }
    JsonNode value = root == null ? null : root.get("retention");
    if (value == null || value.isNull()) return new RetentionSetting(Optional.empty());
    Duration keep;
    try {
      keep = Durations.parse(value.asText());
    } catch (IllegalArgumentException e) {
      throw new UserError(
          file + ": 'retention' (how long finished runs are kept, e.g. 30d): " + e.getMessage());
    }
    if (keep.isNegative() || keep.isZero())
      throw new UserError(file + ": 'retention' must be longer than 0s, not " + value.asText());
    return new RetentionSetting(Optional.of(keep));
  }

  /** How often the server prunes. */
  Duration every() {
    Duration tenth = keep.orElse(HOURLY).dividedBy(10);
    return tenth.compareTo(HOURLY) < 0 ? tenth : HOURLY;
  }

  /** The server's pruning, on the thread {@code baton-retention}; nothing without a setting. */
  dev.baton.server.BackgroundService service(JournalStore store, Clock clock) {
    return new dev.baton.server.BackgroundService() {
      private ScheduledExecutorService thread;

      @Override
      public String name() {
        return "retention";
      }

      @Override
      public void start() {
        if (keep.isEmpty()) return;
        thread =
            Executors.newSingleThreadScheduledExecutor(r -> {
              Thread t = new Thread(r, "baton-retention");
              t.setDaemon(true);
              return t;
            });
        var unused =
            thread.scheduleWithFixedDelay(
                this::prune, 0, Math.max(1, every().toMillis()), TimeUnit.MILLISECONDS);
      }

      private void prune() {
        try {
          int pruned = store.prune(clock.instant().minus(keep.orElseThrow()));
          if (pruned > 0) log.info("retention: pruned {} finished run(s)", pruned);
        } catch (RuntimeException e) {
          log.warn("retention: could not prune: {}", e.getMessage());
        }
      }

      @Override
      public void close() {
        if (thread != null) thread.shutdownNow();
      }
    };
  }
}
