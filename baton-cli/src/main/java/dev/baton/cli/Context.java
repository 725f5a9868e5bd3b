package dev.baton.cli;

import dev.baton.Baton;
import dev.baton.BatonException;
import dev.baton.agent.EnvironmentSecrets;
import dev.baton.agents.command.AttemptChannels;
import dev.baton.agents.command.CommandAgentFactory;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What a command works with: the store, and (for commands that execute runs) a {@link Baton}. */
final class Context implements AutoCloseable {
  final JournalStore store;
  final Path stateDir;

  /** The server this command acts through ({@code --server}), if any. */
  final Optional<Remote> remote;

  private Baton baton;
  private Optional<String> node = Optional.empty();
  private dev.baton.monitoring.AlertMonitor monitor;
  private dev.baton.telemetry.Tracing tracing;
  private boolean tracingLookedUp;

  private Context(JournalStore store, Path stateDir) {
    this(store, stateDir, Optional.empty());
  }

  private Context(JournalStore store, Path stateDir, Optional<Remote> remote) {
    this.store = store;
    this.stateDir = stateDir;
    this.remote = remote;
  }

  /**
   * Opens the store for a command that works on what exists: a SQLite file that is not there is
   * never created. When the file was named ({@code --db} or {@code BATON_DB}) that is an error (a
   * typo must not create folders and an empty database); when it is the default {@code
   * .baton/baton.db}, the command sees an empty store, held in memory.
   */
  static Context open(StoreOptions options) {
    if (options.remote().isPresent()) throw notThroughServer();
    return open(options, false);
  }

  /**
   * As {@link #open}, or, with {@code --server} (or {@code BATON_SERVER}), the server's API seen as
   * a store ({@link ServerStore}): for the commands that read runs, journals, the inbox and alerts
   * and that send cancels and decisions.
   */
  static Context client(StoreOptions options) {
    return open(options, false);
  }

  /**
   * As {@link #open}, keeping the store's connections open between reads: for a command that reads
   * again and again ({@code status --watch}), where opening a connection per read would cost more
   * than the read.
   */
  static Context watching(StoreOptions options) {
    if (options.remote().isPresent()) throw notThroughServer();
    String spec = options.spec();
    if (!isUrl(spec) && !Files.exists(Path.of(spec))) return open(options, false);
    return openOrCreate(options, true);
  }

  /** As {@link #open}, for a command that executes runs here ({@code resume}). */
  static Context executing(StoreOptions options) {
    return open(options, true);
  }

  private static Context open(StoreOptions options, boolean executing) {
    Optional<Remote> remote = options.remote();
    if (remote.isPresent()) {
      if (executing) throw notThroughServer();
      return new Context(new ServerStore(remote.get()), Path.of(".baton"), remote);
    }
    String spec = options.spec();
    if (!isUrl(spec) && !Files.exists(Path.of(spec))) {
      if (options.named())
        throw new UserError(
            "no store at "
                + spec
                + ": the file does not exist (only `baton run` creates a store; check --db or"
                + " BATON_DB)");
      return new Context(new dev.baton.store.memory.InMemoryJournalStore(), Path.of(".baton"));
    }
    return openOrCreate(options, executing);
  }

  /** Opens the store, creating a SQLite file and its folder when missing ({@code baton run}). */
  static Context openOrCreate(StoreOptions options) {
    if (options.remote().isPresent()) throw notThroughServer();
    return openOrCreate(options, true);
  }

  /**
   * Opens the store for a brief command that writes (creating a SQLite file and its folder when
   * missing), e.g. {@code baton token create} before the first {@code baton serve}.
   */
  static Context creating(StoreOptions options) {
    if (options.remote().isPresent()) throw notThroughServer();
    return openOrCreate(options, false);
  }

  /** {@code baton serve} opens its own store whatever {@code BATON_SERVER} says. */
  static Context serving(StoreOptions options) {
    return openOrCreate(options, true);
  }

  static UserError notThroughServer() {
    return new UserError(
        "this command works on the store itself and cannot act through a server: run it where"
            + " the store is (--db), or without --server / BATON_SERVER");
  }

  /**
   * A command that executes runs gets the engine's store (a pool of reading connections); the
   * others read once or twice and exit, so they open a connection per read and load neither the
   * pool nor, when the schema is current, the migration library.
   */
  private static Context openOrCreate(StoreOptions options, boolean executing) {
    String spec = options.spec();
    Path stateDir = stateDir(spec);
    try {
      return new Context(executing ? Stores.open(spec) : Stores.openBrief(spec), stateDir);
    } catch (UserError e) {
      throw e;
    } catch (RuntimeException e) {
      // one line, without the driver's or migration library's details, and never a password
      String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      String shown = spec.replaceAll("://([^:/@]+):[^@]*@", "://$1:***@");
      throw new BatonException("cannot open the store " + shown + ": " + why, e);
    }
  }

  /** The folder beside the store for inboxes, secrets and tokens. */
  static Path stateDir(String spec) {
    return isUrl(spec)
        ? Path.of(".baton")
        : Optional.ofNullable(Path.of(spec).toAbsolutePath().getParent()).orElse(Path.of("."));
  }

  private static boolean isUrl(String spec) {
    return spec.startsWith("jdbc:") || spec.startsWith("postgres");
  }

  Baton baton() {
    return baton(AttemptChannels.NONE);
  }

  /** Names this process's node ({@code baton serve}); before the first {@link #baton}. */
  Context node(String name) {
    this.node = Optional.of(name);
    return this;
  }

  /**
   * The alert rules in effect: {@code baton.yaml}'s monitoring with the thresholds of the store's
   * current configuration version (approved {@code threshold} proposals, docs/improvement.md).
   */
  dev.baton.monitoring.MonitoringConfig monitoring() {
    return new dev.baton.improve.ConfigBook(store, java.time.Clock.systemUTC())
        .monitoring(ProjectConfig.monitoring());
  }

  /** The {@link Baton} whose command agents may also report through {@code channels}. */
  Baton baton(AttemptChannels channels) {
    if (baton == null) {
      Path secretsFile = stateDir.resolve("secrets.properties");
      EnvironmentSecrets secrets =
          new EnvironmentSecrets(
              System.getenv(),
              Files.exists(secretsFile) ? Optional.of(secretsFile) : Optional.empty());
      var config = ProjectConfig.monitoring();
      var stall = config.rule(dev.baton.monitoring.AlertRule.STALL);
      Baton.Builder builder =
          Baton.builder()
              // a running step that reports nothing for this long is flagged (baton.yaml:
              // monitoring.rules.stall.threshold, seconds)
              // baton.yaml cluster.lease: how soon other nodes take over this process's runs
              .leaseTtl(ProjectConfig.cluster().lease())
              .stallAfter(
                  stall != null && stall.threshold() > 0
                      ? java.time.Duration.ofSeconds((long) stall.threshold())
                      : java.time.Duration.ofMinutes(10))
              .store(store)
              .stateDir(stateDir)
              // improvement (docs/improvement.md): new runs take the current configuration
              // version's tunings
              .tuning(new dev.baton.improve.ConfigBook(store, java.time.Clock.systemUTC()))
              .loader(new Workflows())
              .secrets(secrets)
              // a workflow's meta: {llm: …} lets a chat model decide, the rules as fallback
              .metaPolicy(new dev.baton.llm.LlmMetaPolicy(secrets))
              .agentFactory(
                  new CommandAgentFactory(Path.of("").toAbsolutePath()).channels(channels))
              .agentFactory(new dev.baton.llm.LlmAgentFactory())
              .agentFactory(new dev.baton.agents.http.HttpAgentFactory())
              .askBelow(MetaCmd.askBelow());
      // the meta agent compares reports and profiles by meaning with a local model (lazy)
      MetaCmd.embedder().ifPresent(builder::embedder);
      node.ifPresent(builder::node);
      baton = builder.build();
      // monitoring: alert rules re-evaluated as journal batches commit (docs/monitoring.md)
      monitor =
          dev.baton.monitoring.AlertMonitor.create(
              store,
              // with the alert thresholds of approved proposals, as they are applied
              new dev.baton.improve.ConfigBook(store, java.time.Clock.systemUTC())
                  .monitoringSupplier(config),
              java.time.Clock.systemUTC());
      baton.subscribe(monitor.listener());
      // traces when the OTEL_* variables ask for them
      if (!tracingLookedUp) {
        tracingLookedUp = true;
        tracing = dev.baton.telemetry.Tracing.fromEnvironment().orElse(null);
      }
      if (tracing != null) baton.subscribe(tracing.listener());
    }
    return baton;
  }

  /** Closes this context's {@link Baton} (if any) and builds a fresh one on the same store. */
  Baton restart() {
    if (baton != null) baton.close();
    if (monitor != null) monitor.close();
    baton = null;
    monitor = null;
    return baton();
  }

  @Override
  public void close() {
    if (baton != null) baton.close();
    if (monitor != null) monitor.close();
    if (tracing != null) tracing.close();
    store.close();
  }
}
