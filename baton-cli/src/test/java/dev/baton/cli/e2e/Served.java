package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code baton serve} started in a {@link Cli}'s folder for an end-to-end test: on a free
 * port it picks itself ({@code --port 0}, read back from its first line), ready once its health
 * route answers; {@link #kill9} and {@link #restart} on the same port; stopped by {@link #close}.
 */
final class Served implements AutoCloseable {
  private static final Pattern SERVES = Pattern.compile("Baton serves on (http://\\S+) ");
  private static final Duration READY = Duration.ofMinutes(2);

  private final Cli cli;
  private Cli.Running process;
  private String url;

  private Served(Cli cli) {
    this.cli = cli;
  }

  /** Starts {@code baton serve --port 0} in {@code cli}'s folder and waits until it answers. */
  static Served start(Cli cli) throws IOException {
    return start(cli, new String[0]);
  }

  /** As {@link #start(Cli)}, with more arguments of {@code baton serve} ({@code --node N}). */
  static Served start(Cli cli, String... more) throws IOException {
    Served s = new Served(cli);
    List<String> args = new java.util.ArrayList<>(List.of("serve", "--port", "0"));
    args.addAll(List.of(more));
    s.process = cli.start(args.toArray(String[]::new));
    await().atMost(READY).until(() -> s.url(s.process) != null || !s.process.process.isAlive());
    s.url = s.url(s.process);
    assertThat(s.url).as("baton serve's address; stderr: %s", s.process.errSoFar()).isNotNull();
    s.awaitHealthy();
    return s;
  }

  private String url(Cli.Running p) throws IOException {
    Matcher m = SERVES.matcher(p.outSoFar());
    return m.find() ? m.group(1) : null;
  }

  /** {@code http://127.0.0.1:PORT}. */
  String url() {
    return url;
  }

  Cli.Running process() {
    return process;
  }

  /** {@code kill -9} of the server: no shutdown hook, no last flush. */
  void kill9() throws InterruptedException {
    process.kill9();
  }

  /** SIGTERM, as a service manager stops it; waits until the process has ended. */
  void stop() throws Exception {
    process.signal("TERM");
    await().atMost(READY).until(() -> !process.process.isAlive());
  }

  /**
   * A new {@code baton serve} on the same port and store (after {@link #kill9} or {@link #stop}).
   */
  void restart() throws IOException {
    String port = url.substring(url.lastIndexOf(':') + 1);
    process = cli.start("serve", "--port", port);
    awaitHealthy();
  }

  private void awaitHealthy() throws IOException {
    await().atMost(READY).until(() -> !process.process.isAlive() || healthy());
    assertThat(process.process.isAlive())
        .as("baton serve is running; stderr: %s", process.errSoFar())
        .isTrue();
  }

  private boolean healthy() throws InterruptedException {
    try {
      return status("GET", "/api/v1/health", null, null) == 200;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** A token made with {@code baton token create NAME --role ROLE} on the store. */
  static String token(Cli cli, String name, String role) throws Exception {
    Cli.Result created = cli.baton("token", "create", name, "--role", role);
    assertThat(created.exit()).as("%s", created).isZero();
    return created.out().lines().findFirst().orElseThrow().strip();
  }

  /** The status of a request (a POST when {@code body} is given), with {@code bearer} if any. */
  int status(String method, String path, String bearer, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url + path));
    if (method.equals("GET")) r.GET();
    else
      r.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
    if (bearer != null) r.header("Authorization", "Bearer " + bearer);
    try (HttpClient http = HttpClient.newHttpClient()) {
      return http.send(r.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }
  }

  /** The body of a GET that must answer 200. */
  String text(String path, String bearer) throws IOException, InterruptedException {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url + path))
                  .header("Authorization", "Bearer " + bearer)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as("%s %s", path, r.body()).isEqualTo(200);
      return r.body();
    }
  }

  JsonNode json(String path, String bearer) throws IOException, InterruptedException {
    return Cli.JSON.readTree(text(path, bearer));
  }

  /** Stops the server (forcibly: its store is a test's temporary folder). */
  @Override
  public void close() {
    process.process.destroyForcibly();
  }
}
