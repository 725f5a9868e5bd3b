package dev.baton.improve;

import dev.baton.BatonException;
import dev.baton.improve.internal.Streams;
import dev.baton.journal.Event;
import dev.baton.journal.JournalEntry;
import dev.baton.monitoring.AlertRule;
import dev.baton.monitoring.MonitoringConfig;
import dev.baton.store.JournalStore;
import dev.baton.tuning.Tuning;
import dev.baton.tuning.TuningSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The configuration versions of docs/improvement.md, kept in the configuration journal {@value
 * #STREAM}: each {@code ConfigurationChanged} entry is one version (its number is the entry's seq),
 * carrying the whole configuration, so that a rollback is a new version restoring an old one. As a
 * {@link TuningSource} it hands new runs the current values.
 */
public final class ConfigBook implements TuningSource {
  public static final String STREAM = "baton:config";

  private final JournalStore store;
  private final Clock clock;

  public ConfigBook(JournalStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** Every version, oldest first. */
  public List<ConfigVersion> history() {
    List<ConfigVersion> out = new ArrayList<>();
    for (JournalEntry e : store.read(STREAM, 0)) version(e).ifPresent(out::add);
    return out;
  }

  public Optional<ConfigVersion> latest() {
    List<ConfigVersion> h = history();
    return h.isEmpty() ? Optional.empty() : Optional.of(h.getLast());
  }

  public Configuration current() {
    return latest().map(ConfigVersion::configuration).orElse(Configuration.EMPTY);
  }

  public long currentVersion() {
    return latest().map(ConfigVersion::version).orElse(0L);
  }

  @Override
  public Map<String, List<String>> profileKeywords() {
    return current().profiles();
  }

  @Override
  public Tuning forWorkflow(String workflow) {
    Optional<ConfigVersion> v = latest();
    if (v.isEmpty()) return Tuning.NONE;
    Tuning t = v.get().configuration().tuning(workflow);
    return new Tuning(
        v.get().version(), t.estimates(), t.budgets(), t.assignees(), t.routing(), t.retries());
  }

  /**
   * Records a new version made by {@code change} of the latest configuration; empty when the change
   * changes nothing. Concurrent writers never lose each other's changes: a conflict reads the newer
   * version and applies the change to it.
   */
  public Optional<ConfigVersion> commit(
      String author,
      String change,
      String reason,
      Map<String, Object> figures,
      UnaryOperator<Configuration> edit) {
    List<JournalEntry> written =
        Streams.appendNext(
            store,
            STREAM,
            clock.instant(),
            entries -> {
              Configuration before =
                  entries.isEmpty()
                      ? Configuration.EMPTY
                      : version(entries.getLast())
                          .map(ConfigVersion::configuration)
                          .orElse(Configuration.EMPTY);
              Configuration after = edit.apply(before);
              if (after.equals(before)) return List.of();
              return List.of(
                  new Event.ConfigurationChanged(
                      entries.size() + 1L, author, change, reason, figures, after.toMap()));
            });
    return written.isEmpty() ? Optional.empty() : version(written.getFirst());
  }

  /**
   * {@code base} (baton.yaml's monitoring) with the alert thresholds of the current version: what
   * the alert rules use once a {@code threshold} proposal is applied (docs/improvement.md).
   */
  public MonitoringConfig monitoring(MonitoringConfig base) {
    return withThresholds(base, current());
  }

  /**
   * The monitoring in effect for a monitor that lives as long as its process: each call reads only
   * the versions committed since the previous one, so a threshold applied by any process on the
   * store takes effect at the monitor's next evaluation.
   */
  public Supplier<MonitoringConfig> monitoringSupplier(MonitoringConfig base) {
    ReentrantLock lock = new ReentrantLock();
    long[] seen = {0};
    MonitoringConfig[] current = {base};
    return () -> {
      lock.lock();
      try {
        for (JournalEntry e : store.read(STREAM, seen[0])) {
          seen[0] = e.seq();
          version(e).ifPresent(v -> current[0] = withThresholds(base, v.configuration()));
        }
        return current[0];
      } finally {
        lock.unlock();
      }
    };
  }

  static MonitoringConfig withThresholds(MonitoringConfig base, Configuration c) {
    if (c.thresholds().isEmpty()) return base;
    Map<AlertRule, MonitoringConfig.RuleSettings> rules = new EnumMap<>(AlertRule.class);
    rules.putAll(base.rules());
    c.thresholds()
        .forEach((id, t) ->
            AlertRule.byId(id)
                .ifPresent(r -> {
                  MonitoringConfig.RuleSettings s = base.rule(r);
                  rules.put(r, new MonitoringConfig.RuleSettings(s.enabled(), t, s.minSamples()));
                }));
    return new MonitoringConfig(base.window(), rules, base.sinks());
  }

  /** A new version restoring version {@code v}'s configuration. */
  public ConfigVersion rollback(long v, String author) {
    ConfigVersion target =
        history().stream()
            .filter(c -> c.version() == v)
            .findFirst()
            .orElseThrow(() ->
                new BatonException(
                    "no configuration version " + v + " (see `baton config history`)"));
    return commit(
            author,
            "rollback to version " + v,
            "restores the configuration of version " + v + " (" + target.change() + ")",
            Map.of("restores", v),
            c -> target.configuration())
        .orElseThrow(
            () -> new BatonException("version " + v + " is the current configuration already"));
  }

  private static Optional<ConfigVersion> version(JournalEntry e) {
    if (!(e.event() instanceof Event.ConfigurationChanged c)) return Optional.empty();
    return Optional.of(
        new ConfigVersion(
            e.seq(),
            e.time(),
            c.author(),
            c.change(),
            c.reason(),
            c.figures() == null ? Map.of() : c.figures(),
            Configuration.fromMap(c.configuration())));
  }
}
