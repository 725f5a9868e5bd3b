package dev.baton.cli;

import dev.baton.server.AttemptTokens;
import dev.baton.server.BatonServer;
import dev.baton.server.Tokens;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code baton serve}: the long-running home of runs (HTTP API, live events, dashboard). SIGTERM or
 * Ctrl-C stops it cleanly: the listener closes, running steps are left to be resumed by the next
 * server or {@code baton resume}.
 */
@Command(
    name = "serve",
    description =
        "Serve the HTTP API and dashboard; execute and resume the store's runs until stopped.")
final class ServeCmd implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "PORT", description = "port (default: 7070; 0: any free)")
  int port = 7070;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      description = "address to listen on (default: 127.0.0.1, this machine only)")
  String bind = "127.0.0.1";

  @Option(
      names = "--node",
      paramLabel = "NAME",
      description =
          "this node's name among the servers sharing the store (default: baton.yaml's"
              + " cluster.node, else HOST:PORT)")
  String node;

  @Mixin StoreOptions store;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) throw new UserError("--port must be from 0 to 65535");
    if (store.server != null)
      throw new UserError("baton serve is a server: --server is for clients");
    String name = nodeName();
    RetentionSetting retention = RetentionSetting.load(ProjectConfig.file());
    CountDownLatch stopped = new CountDownLatch(1);
    Context ctx = Context.serving(store).node(name);
    // the node's name is this process's among the store's nodes (docs/cluster.md)
    dev.baton.store.NodeLease nodeLease;
    try {
      nodeLease =
          dev.baton.store.NodeLease.take(
              ctx.store,
              dev.baton.journal.LeaseOwner.node(name),
              ProjectConfig.cluster().lease(),
              java.time.Clock.systemUTC());
    } catch (dev.baton.BatonException e) {
      ctx.close();
      throw new UserError(e.getMessage());
    }
    AttemptTokens attempts = new AttemptTokens();
    Tokens tokens = Tokens.in(ctx.store, ctx.stateDir);
    BatonServer server =
        server(ctx, attempts, tokens)
            .bind(bind)
            .port(port)
            .sweepEvery(ProjectConfig.cluster().sweepEvery())
            // baton.yaml's retention: finished runs pruned by the server itself
            // (docs/operations.md)
            .service(retention.service(ctx.store, java.time.Clock.systemUTC()))
            .build();
    Thread hook =
        new Thread(
            () -> {
              server.close();
              nodeLease.close();
              ctx.close();
              stopped.countDown();
            },
            "baton-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      server.start();
    } catch (RuntimeException e) {
      Runtime.getRuntime().removeShutdownHook(hook);
      server.close();
      nodeLease.close();
      ctx.close();
      throw new UserError("cannot serve on " + bind + ":" + port + ": " + e.getMessage());
    }
    System.out.println(
        "Baton serves on " + server.uri() + " (dashboard and API /api/v1) as node " + name + ".");
    if (tokens.list().isEmpty())
      System.out.println(
          "No tokens yet: create one with `baton token create NAME --role admin` to sign in.");
    System.out.flush();
    stopped.await();
    return ExitCodes.OK;
  }

  /**
   * {@code --node}, else {@code baton.yaml}'s {@code cluster.node}, else {@code HOST:PORT}: stable
   * across restarts and unique among the servers of the store, as two servers cannot listen on one
   * port of one host ({@code --port 0} has no stable port: the process id stands in for it).
   */
  private String nodeName() {
    if (node != null) {
      if (!dev.baton.journal.LeaseOwner.isNodeName(node))
        throw new UserError(
            "--node must be 1 to 64 letters, digits, '.', '_', ':' or '-', not '" + node + "'");
      return node;
    }
    return ProjectConfig.cluster()
        .node()
        .orElseGet(() -> {
          String at = ":" + (port == 0 ? "pid" + ProcessHandle.current().pid() : port);
          // a host name is letters, digits, dots and dashes; anything else becomes a dash
          String host =
              dev.baton.journal.LeaseOwner.current()
                  .host()
                  .replaceAll("[^A-Za-z0-9._-]", "-")
                  .replaceFirst("^[^A-Za-z0-9]+", "");
          host = host.isEmpty() ? "node" : host;
          return host.substring(0, Math.min(host.length(), 64 - at.length())) + at;
        });
  }

  /**
   * The server {@code baton serve} runs on {@code ctx}'s store: the API and dashboard, and its own
   * routes (proposals, configuration history, {@code /mcp}) and services (the improvement cycle).
   */
  static BatonServer.Builder server(Context ctx, AttemptTokens attempts, Tokens tokens) {
    return BatonServer.builder(ctx.baton(attempts))
        .workflowRoot(Path.of("").toAbsolutePath())
        .loader(new Workflows())
        .tokens(tokens)
        .attemptTokens(attempts)
        // the schedules of the improvement cycle (docs/improvement.md), its proposals and
        // versions
        .service(improvement(ctx, ctx.baton(attempts).owner()))
        .extension(routes -> {
          java.time.Clock clock = java.time.Clock.systemUTC();
          var config = new dev.baton.improve.ConfigBook(ctx.store, clock);
          routes.get(
              "/api/v1/proposals",
              c ->
                  c.json(
                      dev.baton.improve.ImprovementJson.proposals(
                          new dev.baton.improve.ProposalBook(ctx.store, config, clock).list())),
              dev.baton.server.Access.READ);
          // the tools of `baton mcp` over MCP's streamable HTTP, for the attempt whose token
          // calls
          McpRoute.register(routes, attempts);
          // resume, prune, review, config rollback and meta triage through the server
          ServedCommands.register(routes, ctx, attempts);
          routes.get(
              "/api/v1/config/history",
              c -> c.json(dev.baton.improve.ImprovementJson.history(config.history())),
              dev.baton.server.Access.READ);
        });
  }

  /**
   * The improvement scheduler as a background service of the server: every server on a store runs
   * one, and each tick fires once among them.
   */
  private static dev.baton.server.BackgroundService improvement(
      Context ctx, dev.baton.journal.LeaseOwner owner) {
    java.time.Clock clock = java.time.Clock.systemUTC();
    var scheduler =
        new dev.baton.improve.ReviewScheduler(
            ctx.store,
            new dev.baton.improve.Reviewer(
                ctx.store, ProjectConfig.improvement(), ProjectConfig.monitoring(), clock),
            clock,
            ctx.stateDir.resolve("reviews"),
            owner);
    return new dev.baton.server.BackgroundService() {
      @Override
      public String name() {
        return "improvement";
      }

      @Override
      public void start() {
        scheduler.start();
      }

      @Override
      public void close() {
        scheduler.close();
      }
    };
  }
}
