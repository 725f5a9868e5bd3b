package dev.baton.llm;

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
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP server on loopback that speaks the chat APIs (OpenAI chat completions, Anthropic
 * messages) from a script of replies, and records every request it gets.
 */
final class ScriptedModelServer implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One scripted response; {@code hang} holds it until the server closes. */
  record Reply(int status, String body, boolean hang) {}

  record Request(String path, Map<String, List<String>> headers, JsonNode body) {}

  private final HttpServer server;
  private final BlockingQueue<Reply> script = new LinkedBlockingQueue<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();
  private final CountDownLatch closing = new CountDownLatch(1);

  ScriptedModelServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        exchange -> {
          byte[] in = exchange.getRequestBody().readAllBytes();
          requests.add(
              new Request(
                  exchange.getRequestURI().getPath(),
                  Map.copyOf(exchange.getRequestHeaders()),
                  in.length == 0 ? null : JSON.readTree(in)));
          Reply r = script.poll();
          if (r == null)
            r = new Reply(500, "{\"error\":{\"message\":\"script exhausted\"}}", false);
          if (r.hang()) {
            try {
              closing.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] out = r.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          try {
            exchange.sendResponseHeaders(r.status(), out.length);
            try (OutputStream os = exchange.getResponseBody()) {
              os.write(out);
            }
          } catch (IOException clientGone) {
            // the client gave up (cancelled attempt)
          }
        });
    server.start();
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  ScriptedModelServer then(int status, String body) {
    script.add(new Reply(status, body, false));
    return this;
  }

  ScriptedModelServer thenHang() {
    script.add(new Reply(200, "{}", true));
    return this;
  }

  /** An OpenAI chat completion whose message content is {@code content}. */
  ScriptedModelServer thenOpenAi(String content, int in, int out) {
    return then(200, openAi(content, in, out));
  }

  static String openAi(String content, int in, int out) {
    try {
      return JSON.writeValueAsString(
          Map.of(
              "id",
              "chatcmpl-1",
              "object",
              "chat.completion",
              "created",
              1,
              "model",
              "test-model",
              "choices",
              List.of(
                  Map.of(
                      "index",
                      0,
                      "message",
                      Map.of("role", "assistant", "content", content),
                      "finish_reason",
                      "stop")),
              "usage",
              Map.of("prompt_tokens", in, "completion_tokens", out, "total_tokens", in + out)));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An Anthropic message whose text is {@code content}. */
  ScriptedModelServer thenAnthropic(String content, int in, int out) throws IOException {
    return then(
        200,
        JSON.writeValueAsString(
            Map.of(
                "id", "msg_1",
                "type", "message",
                "role", "assistant",
                "model", "claude-test",
                "content", List.of(Map.of("type", "text", "text", content)),
                "stop_reason", "end_turn",
                "usage", Map.of("input_tokens", in, "output_tokens", out))));
  }

  /** An Ollama chat answer (not streamed) whose message content is {@code content}. */
  ScriptedModelServer thenOllama(String content, int in, int out) throws IOException {
    return then(
        200,
        JSON.writeValueAsString(
            Map.of(
                "model",
                "test-model",
                "created_at",
                "2026-11-30T00:00:00Z",
                "message",
                Map.of("role", "assistant", "content", content),
                "done",
                true,
                "done_reason",
                "stop",
                "prompt_eval_count",
                in,
                "eval_count",
                out)));
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }
}
