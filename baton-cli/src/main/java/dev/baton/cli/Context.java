package dev.baton.cli;

import dev.baton.Baton;
import dev.baton.BatonException;
import dev.baton.agent.EnvironmentSecrets;
import dev.baton.agents.command.CommandAgentFactory;
import dev.baton.journal.JournalStore;
import dev.baton.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What a command works with: the store, and (for commands that execute runs) a {@link Baton}. */
final class Context implements AutoCloseable {
  final JournalStore store;
  final Path stateDir;
  private Baton baton;
  private dev.baton.monitoring.AlertMonitor monitor;

  private Context(JournalStore store, Path stateDir) {
    this.store = store;
    this.stateDir = stateDir;
  }

  static Context open(StoreOptions options) {
    String spec = options.spec();
    Path stateDir =
        spec.startsWith("jdbc:") || spec.startsWith("postgres")
            ? Path.of(".baton")
            : Optional.ofNullable(Path.of(spec).toAbsolutePath().getParent()).orElse(Path.of("."));
    try {
      return new Context(Stores.open(spec), stateDir);
    } catch (BatonException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new BatonException("cannot open the store " + spec + ": " + e.getMessage(), e);
    }
  }

  Baton baton() {
    if (baton == null) {
      Path secrets = stateDir.resolve("secrets.properties");
      var config = ProjectConfig.monitoring();
      var stall = config.rule(dev.baton.monitoring.AlertRule.STALL);
      Baton.Builder builder =
          Baton.builder()
              // a running step that reports nothing for this long is flagged (baton.yaml:
              // monitoring.rules.stall.threshold, seconds)
              .stallAfter(
                  stall != null && stall.threshold() > 0
                      ? java.time.Duration.ofSeconds((long) stall.threshold())
                      : java.time.Duration.ofMinutes(10))
              .store(store)
              .stateDir(stateDir)
              .loader(new Workflows())
              .secrets(
                  new EnvironmentSecrets(
                      System.getenv(),
                      Files.exists(secrets) ? Optional.of(secrets) : Optional.empty()))
              .agentFactory(new CommandAgentFactory(Path.of("").toAbsolutePath()))
              .askBelow(MetaCmd.askBelow());
      // the meta agent compares reports and profiles by meaning with a local model (lazy)
      MetaCmd.embedder().ifPresent(builder::embedder);
      baton = builder.build();
      // monitoring: alert rules re-evaluated as journal batches commit (SPEC §6)
      monitor =
          dev.baton.monitoring.AlertMonitor.create(store, config, java.time.Clock.systemUTC());
      baton.subscribe(monitor.listener());
    }
    return baton;
  }

  @Override
  public void close() {
    if (baton != null) baton.close();
    if (monitor != null) monitor.close();
    store.close();
  }
}
