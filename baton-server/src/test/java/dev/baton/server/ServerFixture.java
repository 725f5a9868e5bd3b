package dev.baton.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.Baton;
import dev.baton.agent.Agent;
import dev.baton.agents.command.CommandAgentFactory;
import dev.baton.server.internal.Documents;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.WorkflowLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A real server on loopback over a real SQLite store in a temporary folder, with tokens of every
 * role, in-process agents given by the test and command agents from the folder's files.
 */
final class ServerFixture implements AutoCloseable {
  final Path dir;
  final JournalStore store;
  final Tokens tokens;
  final AttemptTokens attempts = new AttemptTokens();
  final Baton baton;
  final BatonServer server;
  final HttpClient http = HttpClient.newHttpClient();
  final Map<Role, String> token;

  ServerFixture(Path dir, Map<String, Agent> agents) {
    this(dir, agents, b -> {});
  }

  ServerFixture(Path dir, Map<String, Agent> agents, Consumer<BatonServer.Builder> configure) {
    this.dir = dir;
    this.store = Stores.sqlite(dir.resolve("baton.db"), Clock.systemUTC());
    this.tokens = Tokens.in(store);
    this.token =
        Map.of(
            Role.VIEWER, tokens.create("viewer", Role.VIEWER),
            Role.OPERATOR, tokens.create("operator", Role.OPERATOR),
            Role.APPROVER, tokens.create("approver", Role.APPROVER),
            Role.ADMIN, tokens.create("admin", Role.ADMIN));
    Baton.Builder b =
        Baton.builder()
            .store(store)
            .stateDir(dir)
            .commandPoll(Duration.ofMillis(100))
            .agentFactory(new CommandAgentFactory(dir).channels(attempts));
    agents.forEach(b::agent);
    this.baton = b.build();
    BatonServer.Builder sb =
        BatonServer.builder(baton)
            .port(0)
            .workflowRoot(dir)
            .tokens(tokens)
            .attemptTokens(attempts)
            .sweepEvery(Duration.ofMillis(500))
            .loader(
                WorkflowLoader.standard(
                    agents.keySet().stream()
                        .map(n ->
                            new AgentSpec(n, n, List.of(), List.of(), 1, new AgentSpec.InProcess()))
                        .toList()));
    configure.accept(sb);
    this.server = sb.build().start();
  }

  Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  HttpResponse<String> get(String path, String bearer) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.uri() + path)).GET();
    if (bearer != null) r.header("Authorization", "Bearer " + bearer);
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String bearer, String body) throws Exception {
    HttpRequest.Builder r =
        HttpRequest.newBuilder(URI.create(server.uri() + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (bearer != null) r.header("Authorization", "Bearer " + bearer);
    return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  String admin() {
    return token.get(Role.ADMIN);
  }

  static JsonNode json(HttpResponse<String> r) throws IOException {
    return Documents.MAPPER.readTree(r.body());
  }

  /** Starts a run of {@code file} as an operator; returns its id. */
  String start(String body) throws Exception {
    HttpResponse<String> r = post("/api/v1/runs", token.get(Role.OPERATOR), body);
    if (r.statusCode() != 201) throw new AssertionError(r.statusCode() + " " + r.body());
    return json(r).path("run").asText();
  }

  String state(String run) throws Exception {
    return json(get("/api/v1/runs/" + run, admin())).path("state").asText();
  }

  @Override
  public void close() {
    server.close();
    baton.close();
    store.close();
    http.close();
  }
}
