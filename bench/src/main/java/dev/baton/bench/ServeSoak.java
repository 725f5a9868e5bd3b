package dev.baton.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server soak (docs/benchmarks.md): one real {@code baton serve} on a SQLite store, and
 * thousands of runs pushed through its HTTP API as clients use it — start a run ({@code POST
 * /api/v1/runs}), follow its journal live ({@code GET …/events} as Server-Sent Events) until it
 * ends, then read it ({@code GET /api/v1/runs/ID}). Each run is two steps of a command agent
 * running {@code /bin/true}. After a warm-up and after every {@code every} runs the server's
 * resident memory ({@code VmRSS}) and its live heap are sampled; the live heap is what {@code jcmd
 * PID GC.class_histogram} counts after the full collection it makes, so garbage is excluded.
 */
public final class ServeSoak {
  /** One sample: after {@code runs} runs (0: the warm-up), {@code seconds} into the soak. */
  public record Sample(int runs, double seconds, long rssBytes, long liveHeapBytes) {}

  /** The samples and the throughput of the measured runs. */
  public record Result(List<Sample> samples, double runsPerSecond) {
    public Sample warm() {
      return samples.getFirst();
    }

    public Sample end() {
      return samples.getLast();
    }

    /** Live heap at the end minus after the warm-up, bytes. */
    public long heapGrowth() {
      return end().liveHeapBytes() - warm().liveHeapBytes();
    }

    public long rssGrowth() {
      return end().rssBytes() - warm().rssBytes();
    }

    /** The samples as a Markdown table, then the growth from the warm-up to the end. */
    public String markdown() {
      StringBuilder b = new StringBuilder("| after runs | s | RSS MB | live heap MB |\n");
      b.append("|--:|--:|--:|--:|\n");
      for (Sample s : samples)
        b.append(
            String.format(
                Locale.ROOT,
                "| %,d | %.0f | %.1f | %.1f |%n",
                s.runs(),
                s.seconds(),
                s.rssBytes() / 1e6,
                s.liveHeapBytes() / 1e6));
      b.append(
          String.format(
              Locale.ROOT,
              "%nFrom the warm-up to %,d runs (%.1f runs/s): live heap %+.1f MB, RSS %+.1f MB.%n",
              end().runs(),
              runsPerSecond,
              heapGrowth() / 1e6,
              rssGrowth() / 1e6));
      return b.toString();
    }
  }

  private static final Pattern SERVES = Pattern.compile("Baton serves on (http://\\S+) ");
  private static final Pattern RUN = Pattern.compile("\"run\"\\s*:\\s*\"([^\"]+)\"");

  private final Path launcher;
  private final Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private Process server;
  private String url;
  private String token;
  private volatile Exception failure;

  private ServeSoak(Path launcher, Path dir) {
    this.launcher = launcher;
    this.dir = dir;
  }

  /**
   * Starts {@code baton serve} in {@code dir} (a fresh store), pushes {@code warmup} runs, samples,
   * then {@code runs} more, sampling after every {@code every}; stops the server. Progress lines go
   * to {@code log}.
   */
  public static Result run(
      Path launcher, Path dir, int warmup, int runs, int every, int concurrency, PrintStream log)
      throws Exception {
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve("baton.db"));
    Files.deleteIfExists(dir.resolve("baton.db-wal"));
    Files.deleteIfExists(dir.resolve("baton.db-shm"));
    ServeSoak soak = new ServeSoak(launcher.toAbsolutePath(), dir.toAbsolutePath());
    try {
      soak.start();
      Load.run(warmup, concurrency, soak::oneRun);
      soak.check();
      List<Sample> samples = new ArrayList<>();
      long t0 = System.nanoTime();
      samples.add(soak.sample(0, t0));
      log.println("warm-up of " + warmup + " runs done: " + samples.getLast());
      long nanos = 0;
      for (int done = 0; done < runs; ) {
        int batch = Math.min(every, runs - done);
        nanos += Load.run(batch, concurrency, soak::oneRun).nanos();
        soak.check();
        done += batch;
        samples.add(soak.sample(done, t0));
        log.println(samples.getLast());
      }
      return new Result(samples, runs / (nanos / 1e9));
    } finally {
      soak.stop();
    }
  }

  private void start() throws Exception {
    Files.writeString(
        dir.resolve("soak.yaml"),
        """
        name: soak
        agents:
          worker: { capacity: 1000, command: [/bin/true] }
        phases:
          - name: work
            mode: sequential
            steps:
              - { id: one, agent: worker, task: go }
              - { id: two, agent: worker, task: go }
        """);
    Process t = process("token", "create", "soak", "--role", "operator").start();
    String out = new String(t.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (t.waitFor() != 0) throw new IllegalStateException("token create failed: " + out);
    token = out.lines().findFirst().orElseThrow().strip();
    server = process("serve", "--port", "0").start();
    CompletableFuture<String> address = new CompletableFuture<>();
    // reads the server's standard output for as long as it runs: its address, then nothing else
    Thread.ofVirtual()
        .name("soak-serve-out")
        .start(() -> {
          try (BufferedReader lines =
              new BufferedReader(
                  new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
              Matcher m = SERVES.matcher(line);
              if (m.find()) address.complete(m.group(1));
            }
          } catch (IOException e) {
            address.completeExceptionally(e);
          }
          address.completeExceptionally(
              new IllegalStateException(
                  "baton serve did not start; see " + dir.resolve("serve.err")));
        });
    url = address.get(3, TimeUnit.MINUTES);
  }

  /** A client's run that failed fails the soak. */
  private void check() {
    if (failure != null) throw new IllegalStateException("a run failed: " + failure, failure);
  }

  private ProcessBuilder process(String... args) {
    List<String> command = new ArrayList<>(List.of(launcher.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().put("BATON_DB", dir.resolve("baton.db").toString());
    pb.environment().remove("BATON_SERVER");
    pb.redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("serve.err").toFile()));
    return pb;
  }

  /** Start, follow live until it ends, show: one client's run. */
  private CompletableFuture<?> oneRun(int i) {
    try {
      HttpResponse<String> started =
          http.send(
              request("/api/v1/runs")
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"workflow\": \"soak.yaml\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      Matcher m = RUN.matcher(started.body());
      if (started.statusCode() != 201 || !m.find())
        throw new IllegalStateException("start refused: " + started.statusCode() + started.body());
      String run = m.group(1);
      follow(run);
      HttpResponse<String> shown =
          http.send(
              request("/api/v1/runs/" + run).GET().build(), HttpResponse.BodyHandlers.ofString());
      if (shown.statusCode() != 200 || !shown.body().contains("\"state\":\"SUCCEEDED\""))
        throw new IllegalStateException("run " + run + ": " + shown.statusCode() + shown.body());
      return CompletableFuture.completedFuture(run);
    } catch (IOException | RuntimeException e) {
      failure = e;
      return CompletableFuture.failedFuture(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = e;
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Reads the run's event stream until its end event, then hangs up. */
  private void follow(String run) throws IOException, InterruptedException {
    HttpResponse<InputStream> r =
        http.send(
            request("/api/v1/runs/" + run + "/events")
                .header("Accept", "text/event-stream")
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body();
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      if (r.statusCode() != 200) throw new IllegalStateException("events: " + r.statusCode());
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (!line.startsWith("data:")) continue;
        if (line.contains("\"RunSucceeded\"")) return;
        if (line.contains("\"RunFailed\"") || line.contains("\"RunCancelled\""))
          throw new IllegalStateException("run " + run + " did not succeed: " + line);
      }
      throw new IllegalStateException("the event stream of " + run + " ended before the run");
    }
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(url + path))
        .timeout(Duration.ofMinutes(2))
        .header("Authorization", "Bearer " + token);
  }

  /**
   * Waits until the server holds nothing for clients: no run executing, no journal stream open (a
   * stream whose client hung up is found by the server's next keep-alive, within 15 s). Samples
   * then see what the server keeps, not what its last clients left in flight.
   */
  private void awaitIdle() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (true) {
      String metrics =
          http.send(request("/metrics").GET().build(), HttpResponse.BodyHandlers.ofString()).body();
      if (gauge(metrics, "baton_server_streams") == 0
          && gauge(metrics, "baton_server_executing") == 0) return;
      if (System.nanoTime() > deadline)
        throw new IllegalStateException("the server did not become idle: " + metrics);
      // polled: the server has no signal for "idle" to wait on
      java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
    }
  }

  static double gauge(String metrics, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? (\\S+)$").matcher(metrics);
    if (!m.find()) throw new IllegalStateException("no " + name + " in the server's metrics");
    return Double.parseDouble(m.group(2));
  }

  private Sample sample(int runs, long t0) throws Exception {
    awaitIdle();
    long pid = server.pid();
    long heap = liveHeap(pid);
    long rss = rss(pid);
    return new Sample(runs, (System.nanoTime() - t0) / 1e9, rss, heap);
  }

  /** {@code VmRSS} of {@code /proc/PID/status}, bytes. */
  private static long rss(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status")))
      if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    throw new IllegalStateException("no VmRSS for " + pid);
  }

  /**
   * The bytes of live objects: the total of {@code jcmd PID GC.class_histogram}, which makes a full
   * collection first. {@code jcmd} of the server's own JDK.
   */
  static long liveHeap(long pid) throws IOException, InterruptedException {
    Path java = Path.of(ProcessHandle.of(pid).flatMap(p -> p.info().command()).orElseThrow());
    Path jcmd = java.resolveSibling("jcmd");
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), "GC.class_histogram")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) throw new IllegalStateException("jcmd failed: " + out);
    for (String line : out.lines().toList().reversed())
      if (line.startsWith("Total")) return Long.parseLong(line.strip().split("\\s+")[2]);
    throw new IllegalStateException("no total in jcmd's histogram: " + out);
  }

  private void stop() throws InterruptedException {
    if (server == null) return;
    server.destroy(); // SIGTERM: the server's clean stop
    if (!server.waitFor(30, TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
  }

  /**
   * {@code bench/serve-soak.sh [--runs N] [--warmup N] [--every N] [--concurrency N] [--dir DIR]}.
   */
  public static void main(String[] args) throws Exception {
    int runs = 5000, warmup = 500, every = 500, concurrency = 8;
    Path dir = Path.of("bench/target/serve-soak");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--every" -> every = Integer.parseInt(args[++i]);
        case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown argument "
                    + args[i]
                    + "; use --runs N, --warmup N, --every N, --concurrency N, --dir DIR");
      }
    }
    Result r =
        run(Path.of("baton").toAbsolutePath(), dir, warmup, runs, every, concurrency, System.err);
    System.out.print(r.markdown());
  }
}
