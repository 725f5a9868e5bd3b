package dev.baton.server;

import dev.baton.Baton;
import dev.baton.server.internal.A2aRoutes;
import dev.baton.server.internal.AgentRoutes;
import dev.baton.server.internal.ApiError;
import dev.baton.server.internal.Auth;
import dev.baton.server.internal.EventHub;
import dev.baton.server.internal.MonitoringRoutes;
import dev.baton.server.internal.OpenApi;
import dev.baton.server.internal.Problems;
import dev.baton.server.internal.RunRoutes;
import dev.baton.server.internal.Runner;
import dev.baton.server.internal.ServerState;
import dev.baton.server.internal.TaskRoutes;
import dev.baton.server.internal.TokenRoutes;
import dev.baton.server.internal.dashboard.Dashboard;
import dev.baton.workflow.WorkflowLoader;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpResponseException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code baton serve}: the long-running home of runs. It executes the runs it starts through its
 * API, resumes every unfinished run of its store when it starts and takes over runs that nobody
 * executes, and serves the HTTP API, live journals (Server-Sent Events), Prometheus metrics and the
 * dashboard. Every route but health needs a token ({@link Tokens}); it binds to loopback unless
 * told otherwise.
 *
 * <pre>{@code
 * try (BatonServer server = BatonServer.builder(baton).port(7070).build().start()) {
 *   server.awaitShutdown();
 * }
 * }</pre>
 *
 * <p>Closing the server stops its services and its HTTP listener; the {@link Baton} (and its runs,
 * which stay resumable) is closed by its owner.
 */
public final class BatonServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BatonServer.class);

  private final Builder b;
  private final ServerState state;
  private final Javalin app;
  private final ScheduledExecutorService sweeper =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().name("baton-sweeper").daemon().factory());
  private final List<BackgroundService> started = new ArrayList<>();

  private BatonServer(Builder b) {
    this.b = b;
    Runner runner = new Runner(b.baton);
    EventHub hub = new EventHub(b.baton.store(), runner::executes);
    b.baton.subscribe(hub);
    this.state =
        new ServerState(
            b.baton,
            b.loader,
            b.workflowRoot,
            runner,
            hub,
            b.tokens,
            b.attempts,
            new Auth(b.tokens, b.attempts),
            b.clock);
    this.app = Javalin.create(this::configure);
  }

  public static Builder builder(Baton baton) {
    return new Builder(baton);
  }

  private void configure(JavalinConfig config) {
    config.jetty.host = b.bind;
    config.jetty.port = b.port;
    config.http.maxRequestSize = b.maxBody;
    config.startup.showJavalinBanner = false;
    config.staticFiles.enableWebjars();
    config.requestLogger.http((ctx, ms) ->
        log.debug("{} {} {} {}ms", ctx.method(), ctx.path(), ctx.status().getCode(), ms));
    var r = config.routes;
    r.beforeMatched(state.auth());
    r.get("/api/v1/health", ctx -> ctx.json(java.util.Map.of("status", "ok")), Access.PUBLIC);
    RunRoutes runs = new RunRoutes(state);
    runs.register(r);
    TaskRoutes tasks = new TaskRoutes(state, runs);
    tasks.register(r);
    MonitoringRoutes monitoring = new MonitoringRoutes(state, b.metricsWindow);
    monitoring.register(r);
    new Dashboard(state, runs, tasks, monitoring).register(r);
    new AgentRoutes().register(r);
    new A2aRoutes(state, runs, tasks).register(r);
    new TokenRoutes(state).register(r);
    new OpenApi().register(r);
    for (ServerExtension e : b.extensions) e.register(r);
    r.exception(
        ApiError.class,
        (e, ctx) -> {
          if (e.status() == 401 && isPage(ctx)) ctx.redirect("/login");
          else Problems.answer(ctx, e.status(), e.getMessage());
        });
    r.exception(
        HttpResponseException.class,
        (e, ctx) -> Problems.answer(ctx, e.getStatus(), e.getMessage()));
    r.exception(
        Exception.class,
        (e, ctx) -> {
          log.warn("{} {} failed", ctx.method(), ctx.path(), e);
          Problems.answer(
              ctx,
              500,
              "internal error: " + e.getClass().getSimpleName() + " (see the server's log)");
        });
    r.error(
        404,
        ctx -> {
          if (!ctx.path().startsWith("/api/") && !ctx.path().equals("/metrics")) return;
          if (Problems.TYPE.equals(ctx.res().getContentType())) return;
          Problems.answer(ctx, 404, "no route " + ctx.method() + " " + ctx.path());
        });
    r.error(
        413, ctx -> Problems.answer(ctx, 413, "the body is larger than " + b.maxBody + " bytes"));
  }

  /** A dashboard page (not the API, nor a fragment): without a session it goes to sign-in. */
  private static boolean isPage(io.javalin.http.Context ctx) {
    String p = ctx.path();
    return ctx.method().equals(io.javalin.http.HandlerType.GET)
        && !p.startsWith("/api/")
        && !p.startsWith("/ui/")
        && !p.startsWith("/.well-known/")
        && !p.equals("/metrics");
  }

  /**
   * Listens, then resumes the store's unfinished runs, then starts the background services; from
   * then on it looks for runs that nobody executes every {@code sweepEvery}.
   */
  public BatonServer start() {
    app.start();
    b.attempts.baseUrl(uri());
    log.info("baton serves on {}", uri());
    state.runner().resumeAll();
    long every = b.sweepEvery.toMillis();
    var unusedSweeps =
        sweeper.scheduleWithFixedDelay(state.runner()::sweep, every, every, TimeUnit.MILLISECONDS);
    for (BackgroundService s : b.services) {
      s.start();
      started.add(s);
      log.info("started {}", s.name());
    }
    return this;
  }

  public int port() {
    return app.port();
  }

  /** {@code http://HOST:PORT}. */
  public String uri() {
    String host = b.bind.contains(":") ? "[" + b.bind + "]" : b.bind;
    if (host.equals("0.0.0.0")) host = "127.0.0.1";
    return "http://" + host + ":" + port();
  }

  /** {@code "METHOD /path"} of every route served (the OpenAPI test compares them). */
  public List<String> routes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(e -> e.endpoint.method.name() + " " + e.endpoint.path)
        .filter(r -> !r.startsWith("BEFORE") && !r.startsWith("AFTER"))
        .toList();
  }

  /** Runs executing in this server now. */
  public int executing() {
    return state.runner().executing();
  }

  /** Live journal streams open now. */
  public int streams() {
    return state.hub().streams();
  }

  @Override
  public void close() {
    for (int i = started.size() - 1; i >= 0; i--) {
      try {
        started.get(i).close();
      } catch (RuntimeException e) {
        log.warn("stopping {} failed", started.get(i).name(), e);
      }
    }
    sweeper.shutdownNow();
    state.hub().close();
    app.stop();
  }

  /** Builds a {@link BatonServer}; only the {@link Baton} is required. */
  public static final class Builder {
    private final Baton baton;
    private String bind = "127.0.0.1";
    private int port = 7070;
    private Path workflowRoot = Path.of("").toAbsolutePath();
    private WorkflowLoader loader = WorkflowLoader.standard();
    private Tokens tokens;
    private AttemptTokens attempts = new AttemptTokens();
    private Clock clock = Clock.systemUTC();
    private Duration sweepEvery = Duration.ofSeconds(10);
    private Duration metricsWindow = Duration.ofHours(24);
    private long maxBody = 2L * 1024 * 1024;
    private final List<ServerExtension> extensions = new ArrayList<>();
    private final List<BackgroundService> services = new ArrayList<>();

    private Builder(Baton baton) {
      this.baton = Objects.requireNonNull(baton, "baton");
      this.tokens = Tokens.in(baton.store());
    }

    /** The address to listen on (default {@code 127.0.0.1}: this machine only). */
    public Builder bind(String address) {
      this.bind = Objects.requireNonNull(address, "address");
      return this;
    }

    /** The port (default 7070; 0 picks a free one). */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /**
     * The folder that {@code workflow} paths of start requests are relative to, and whose {@code
     * agents.yaml} serves inline workflows and the agents' list (default: the working directory).
     */
    public Builder workflowRoot(Path dir) {
      this.workflowRoot = dir.toAbsolutePath().normalize();
      return this;
    }

    public Builder loader(WorkflowLoader loader) {
      this.loader = loader;
      return this;
    }

    public Builder tokens(Tokens tokens) {
      this.tokens = tokens;
      return this;
    }

    /** The attempt tokens handed to command agents (the same instance their factory was given). */
    public Builder attemptTokens(AttemptTokens attempts) {
      this.attempts = attempts;
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** How often to look for unfinished runs that no live process executes (default 10 s). */
    public Builder sweepEvery(Duration every) {
      this.sweepEvery = every;
      return this;
    }

    /** Largest request body accepted (default 2 MiB); larger ones get 413. */
    public Builder maxBody(long bytes) {
      this.maxBody = bytes;
      return this;
    }

    public Builder metricsWindow(Duration window) {
      this.metricsWindow = window;
      return this;
    }

    /** Extra routes (e.g. {@code /mcp}, an A2A agent card). */
    public Builder extension(ServerExtension extension) {
      extensions.add(extension);
      return this;
    }

    /** Work started with the server and stopped with it (e.g. a scheduler). */
    public Builder service(BackgroundService service) {
      services.add(service);
      return this;
    }

    public BatonServer build() {
      return new BatonServer(this);
    }
  }
}
