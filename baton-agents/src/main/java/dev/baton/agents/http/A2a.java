package dev.baton.agents.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.agent.Answer;
import dev.baton.agent.Attempt;
import dev.baton.agent.Cancellation;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.agent.Status;
import dev.baton.agents.reply.AgentReply;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The A2A protocol's JSON-RPC binding, as a client (docs/agent-protocols.md): {@code message/send}
 * with the handoff as a data part (and the task as a text part), then {@code tasks/get} until the
 * task ends. States: {@code submitted}/{@code working} → status reports; {@code completed} →
 * success, the artifacts as output (an artifact in the reply shape is applied as one); {@code
 * failed}/{@code rejected}/{@code canceled} → failure; {@code input-required} → a person is asked
 * ({@link dev.baton.agent.Reporter#ask}, a human task of kind input) and the answer is sent back
 * with {@code message/send} on the same task (a refusal cancels the task and fails the attempt);
 * {@code auth-required} → failure saying so. A {@code Message} answer is a completed task.
 */
final class A2a {
  private final HttpAgent.Calls calls;
  private final Handoff handoff;
  private final Attempt attempt;
  private final CompletableFuture<Outcome> outcome = new CompletableFuture<>();
  private URI url;
  private long rpc;
  private int answers;
  private long delay = 500;
  private String lastState = "";

  /** The question last answered ({@link #questionKey}). */
  private String answeredKey = "";

  A2a(HttpAgent.Calls calls, Handoff handoff, Attempt attempt) {
    this.calls = calls;
    this.handoff = handoff;
    this.attempt = attempt;
  }

  /** Sends the handoff; the attempt's outcome once the remote task has ended. */
  CompletableFuture<Outcome> start() throws Exception {
    url = calls.url();
    ObjectNode message = HttpAgent.JSON.createObjectNode();
    message.put("kind", "message");
    message.put("role", "user");
    message.put("messageId", attempt.idempotencyKey());
    var parts = message.putArray("parts");
    parts.addObject().put("kind", "text").put("text", handoff.task() == null ? "" : handoff.task());
    parts.addObject().put("kind", "data").set("data", HttpAgent.JSON.valueToTree(handoff));
    ObjectNode params = HttpAgent.JSON.createObjectNode();
    params.set("message", message);
    follow(call("message/send", params));
    return outcome;
  }

  /**
   * Handles the remote agent's next answer when it comes. Each answer starts the next step afresh:
   * a task followed for an hour holds no chain of the answers before.
   */
  private void follow(CompletableFuture<JsonNode> answer) {
    var unused =
        answer.whenComplete((result, t) -> {
          try {
            if (t != null) throw HttpAgent.Calls.unwrap(t);
            next(result);
          } catch (Throwable e) {
            outcome.completeExceptionally(e);
          }
        });
  }

  private void next(JsonNode result) {
    if ("message".equals(result.path("kind").asText()) || result.has("parts")) {
      outcome.complete(completed(List.of(result), attempt));
      return;
    }
    String state = result.path("status").path("state").asText("unknown");
    String said = text(result.path("status").path("message").path("parts"));
    switch (state) {
      case "completed" -> {
        List<JsonNode> artifacts = new ArrayList<>();
        result.path("artifacts").forEach(artifacts::add);
        outcome.complete(completed(artifacts, attempt));
        return;
      }
      case "failed", "rejected", "canceled" -> {
        outcome.complete(
            Outcome.failed(
                "the remote agent's task is " + state + (said.isEmpty() ? "" : ": " + said)));
        return;
      }
      case "input-required" -> {
        String asked = questionKey(result);
        if (!asked.equals(answeredKey)) {
          inputRequired(result, asked, said);
          return;
        }
        // the answer is on its way: the remote task has not moved on yet
      }
      case "auth-required" -> {
        outcome.complete(
            Outcome.failed(
                "the remote agent asks for authorization" + (said.isEmpty() ? "" : ": " + said)));
        return;
      }
      case "submitted", "working" -> {
        if (!state.equals(lastState) || !said.isEmpty())
          attempt
              .reporter()
              .status(
                  new Status(null, null, null, null, null, null, said.isEmpty() ? state : said));
        lastState = state;
      }
      default -> {
        outcome.complete(
            Outcome.failed("the remote agent's task is in an unknown state '" + state + "'"));
        return;
      }
    }
    String id = result.path("id").asText("");
    if (id.isEmpty()) {
      outcome.complete(Outcome.failed("the remote agent's task has no id to follow"));
      return;
    }
    long wait = delay;
    delay = Math.min(delay * 2, 5_000);
    ObjectNode get = HttpAgent.JSON.createObjectNode();
    get.put("id", id);
    follow(calls.pause(wait).thenCompose(v -> call("tasks/get", get)));
  }

  /** A person answers (a human task of kind input); the answer goes back on the same task. */
  private void inputRequired(JsonNode result, String asked, String said) {
    String taskId = result.path("id").asText("");
    if (taskId.isEmpty()) {
      outcome.complete(Outcome.failed("the remote agent asks for input on a task without an id"));
      return;
    }
    String question =
        "The remote agent "
            + attempt.agent()
            + " asks: "
            + (said.isEmpty() ? "(no question given)" : said);
    var unused =
        ask(question)
            .whenComplete((answer, t) -> {
              try {
                if (t != null) throw HttpAgent.Calls.unwrap(t);
                if (!answer.given()) {
                  Outcome refused =
                      Outcome.failed(
                          "the remote agent asked for input ("
                              + (said.isEmpty() ? "no question given" : said)
                              + ") and got none: "
                              + answer.text());
                  var unusedCancel =
                      cancel(taskId).whenComplete((v, ignored) -> outcome.complete(refused));
                  return;
                }
                attempt
                    .reporter()
                    .status(
                        new Status(
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            "answered by " + answer.by() + "; sent back to the remote agent"));
                answeredKey = asked;
                lastState = "";
                follow(call("message/send", reply(result, taskId, answer.text())));
              } catch (Throwable e) {
                outcome.completeExceptionally(e);
              }
            });
  }

  /**
   * What identifies the question of an {@code input-required} task: its status message's id, else
   * its timestamp, else its text. The same key after an answer means the task has not moved on.
   */
  private static String questionKey(JsonNode task) {
    JsonNode status = task.path("status");
    String id = status.path("message").path("messageId").asText("");
    if (!id.isEmpty()) return "id:" + id;
    String at = status.path("timestamp").asText("");
    if (!at.isEmpty()) return "at:" + at;
    return "text:" + text(status.path("message").path("parts"));
  }

  /** A person's answer when it comes; a cancelled attempt stops waiting at once. */
  private CompletableFuture<Answer> ask(String question) {
    CompletableFuture<Answer> answer = attempt.reporter().ask(question);
    Cancellation.Registration stop = attempt.cancellation().onCancel(() -> answer.cancel(false));
    return answer.handle((a, t) -> {
      stop.close();
      if (t == null) return a;
      Throwable cause = HttpAgent.Calls.unwrap(t);
      if (cause instanceof CancellationException)
        throw new CompletionException(new HttpAgent.Calls.Stopped());
      return Answer.refused(String.valueOf(cause), "baton");
    });
  }

  /** The person's answer as the next message of the same task and context. */
  private ObjectNode reply(JsonNode task, String taskId, String text) {
    ObjectNode message = HttpAgent.JSON.createObjectNode();
    message.put("kind", "message");
    message.put("role", "user");
    answers++;
    message.put("messageId", attempt.idempotencyKey() + "/answer/" + answers);
    message.put("taskId", taskId);
    String context = task.path("contextId").asText("");
    if (!context.isEmpty()) message.put("contextId", context);
    message.putArray("parts").addObject().put("kind", "text").put("text", text);
    ObjectNode params = HttpAgent.JSON.createObjectNode();
    params.set("message", message);
    return params;
  }

  /** Asks the remote agent to cancel its task; done when it answered, whatever it said. */
  private CompletableFuture<Void> cancel(String taskId) {
    ObjectNode params = HttpAgent.JSON.createObjectNode();
    params.put("id", taskId);
    return call("tasks/cancel", params).handle((v, t) -> null);
  }

  /** A JSON-RPC call's result; its stage fails with {@code Failed} on an error answer. */
  private CompletableFuture<JsonNode> call(String method, ObjectNode params) {
    ObjectNode body = HttpAgent.JSON.createObjectNode();
    body.put("jsonrpc", "2.0");
    body.put("id", ++rpc);
    body.put("method", method);
    body.set("params", params);
    String json;
    try {
      json = HttpAgent.JSON.writeValueAsString(body); // the journal's mapper: NULs made U+FFFD
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(e);
    }
    return calls
        .send(calls.request(url).POST(HttpRequest.BodyPublishers.ofString(json)))
        .thenApply(r -> {
          try {
            return result(method, r);
          } catch (HttpAgent.Calls.Failed f) {
            throw new CompletionException(f);
          }
        });
  }

  private JsonNode result(String method, HttpResponse<String> r) throws HttpAgent.Calls.Failed {
    if (r.statusCode() / 100 != 2) throw new HttpAgent.Calls.Failed(HttpAgent.Calls.describe(r));
    JsonNode answer = calls.json(r);
    if (answer.has("error"))
      throw new HttpAgent.Calls.Failed(
          "A2A error "
              + answer.path("error").path("code").asText("?")
              + " on "
              + method
              + ": "
              + answer.path("error").path("message").asText(""));
    if (!answer.has("result"))
      throw new HttpAgent.Calls.Failed("the A2A answer to " + method + " has no result");
    return answer.get("result");
  }

  /** The output of a completed task: its data parts (one: itself), else its texts. */
  private static Outcome completed(List<JsonNode> artifacts, Attempt attempt) {
    List<Object> data = new ArrayList<>();
    StringBuilder texts = new StringBuilder();
    for (JsonNode a : artifacts) {
      for (JsonNode p : a.path("parts")) {
        if ("data".equals(p.path("kind").asText())) data.add(p.get("data"));
        else if (p.has("text"))
          texts.append(texts.isEmpty() ? "" : "\n").append(p.get("text").asText());
      }
    }
    if (data.size() == 1 && data.get(0) instanceof JsonNode only && only.has("output")) {
      try {
        AgentReply reply = AgentReply.of(only);
        reply.applyTo(attempt.reporter());
        return Outcome.succeeded(reply.output());
      } catch (AgentReply.Invalid notAReply) {
        // plain data: the output as it is
      }
    }
    if (data.size() == 1)
      return Outcome.succeeded(HttpAgent.JSON.convertValue(data.get(0), Object.class));
    if (!data.isEmpty())
      return Outcome.succeeded(
          data.stream().map(d -> HttpAgent.JSON.convertValue(d, Object.class)).toList());
    return Outcome.succeeded(texts.isEmpty() ? Map.of() : texts.toString());
  }

  private static String text(JsonNode parts) {
    StringBuilder b = new StringBuilder();
    for (JsonNode p : parts)
      if (p.has("text")) b.append(b.isEmpty() ? "" : " ").append(p.get("text").asText());
    return b.toString();
  }
}
