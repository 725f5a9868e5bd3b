package dev.baton.cli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An OpenAI-compatible chat completions endpoint on loopback: the reply's content is computed from
 * each request by the test, and every request is kept.
 */
final class ModelServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  final List<JsonNode> requests = new CopyOnWriteArrayList<>();

  ModelServer(Function<JsonNode, String> content) throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/v1/chat/completions",
        exchange -> {
          JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
          requests.add(body);
          String reply =
              JSON.writeValueAsString(
                  Map.of(
                      "id",
                      "chatcmpl-" + requests.size(),
                      "object",
                      "chat.completion",
                      "created",
                      1,
                      "model",
                      body.path("model").asText(),
                      "choices",
                      List.of(
                          Map.of(
                              "index",
                              0,
                              "message",
                              Map.of("role", "assistant", "content", content.apply(body)),
                              "finish_reason",
                              "stop")),
                      "usage",
                      Map.of(
                          "prompt_tokens", 1000, "completion_tokens", 200, "total_tokens", 1200)));
          byte[] out = reply.getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, out.length);
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
          }
        });
    server.start();
  }

  /** The base URL an {@code llm: {provider: openai, baseUrl: …}} takes. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** The text of the last user message of a request. */
  static String lastUser(JsonNode request) {
    JsonNode messages = request.path("messages");
    for (int i = messages.size() - 1; i >= 0; i--)
      if (messages.get(i).path("role").asText().equals("user"))
        return messages.get(i).path("content").asText();
    return "";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
