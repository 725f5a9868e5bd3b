package dev.baton.agents.http;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

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
  private long rpc;
  private int answers;

  /** The question last answered ({@link #questionKey}). */
  private String answeredKey = "";

  A2a(HttpAgent.Calls calls) {
    this.calls = calls;
  }

  Outcome perform(Handoff handoff, Attempt attempt) throws Exception {
    URI url = calls.url();
    ObjectNode message = HttpAgent.JSON.createObjectNode();
    message.put("kind", "message");
    message.put("role", "user");
    message.put("messageId", attempt.idempotencyKey());
    var parts = message.putArray("parts");
    parts.addObject().put("kind", "text").put("text", handoff.task() == null ? "" : handoff.task());
    parts.addObject().put("kind", "data").set("data", HttpAgent.JSON.valueToTree(handoff));
    ObjectNode params = HttpAgent.JSON.createObjectNode();
    params.set("message", message);
    JsonNode result = call(url, "message/send", params);
    long delay = 500;
    String lastState = "";
    while (true) {
      if ("message".equals(result.path("kind").asText()) || result.has("parts"))
        return completed(List.of(result), attempt);
      String state = result.path("status").path("state").asText("unknown");
      String said = text(result.path("status").path("message").path("parts"));
      switch (state) {
        case "completed" -> {
          List<JsonNode> artifacts = new ArrayList<>();
          result.path("artifacts").forEach(artifacts::add);
          return completed(artifacts, attempt);
        }
        case "failed", "rejected", "canceled" -> {
          return Outcome.failed(
              "the remote agent's task is " + state + (said.isEmpty() ? "" : ": " + said));
        }
        case "input-required" -> {
          String asked = questionKey(result);
          if (!asked.equals(answeredKey)) {
            // a person answers (a human task of kind input); the answer goes back on the same task
            String taskId = result.path("id").asText("");
            if (taskId.isEmpty())
              return Outcome.failed("the remote agent asks for input on a task without an id");
            String question =
                "The remote agent "
                    + attempt.agent()
                    + " asks: "
                    + (said.isEmpty() ? "(no question given)" : said);
            Answer answer = ask(attempt, question);
            if (!answer.given()) {
              cancel(url, taskId);
              return Outcome.failed(
                  "the remote agent asked for input ("
                      + (said.isEmpty() ? "no question given" : said)
                      + ") and got none: "
                      + answer.text());
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
            result = call(url, "message/send", reply(result, taskId, answer.text(), attempt));
            lastState = "";
            continue;
          }
          // the answer is on its way: the remote task has not moved on yet
        }
        case "auth-required" -> {
          return Outcome.failed(
              "the remote agent asks for authorization" + (said.isEmpty() ? "" : ": " + said));
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
          return Outcome.failed("the remote agent's task is in an unknown state '" + state + "'");
        }
      }
      String id = result.path("id").asText("");
      if (id.isEmpty()) return Outcome.failed("the remote agent's task has no id to follow");
      calls.pause(delay);
      delay = Math.min(delay * 2, 5_000);
      ObjectNode get = HttpAgent.JSON.createObjectNode();
      get.put("id", id);
      result = call(url, "tasks/get", get);
    }
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

  /** Waits for a person's answer; a cancelled attempt stops waiting at once. */
  private static Answer ask(Attempt attempt, String question) throws Exception {
    CompletableFuture<Answer> answer = attempt.reporter().ask(question);
    Cancellation.Registration stop = attempt.cancellation().onCancel(() -> answer.cancel(false));
    try {
      return answer.get();
    } catch (CancellationException e) {
      throw new HttpAgent.Calls.Stopped();
    } catch (ExecutionException e) {
      return Answer.refused(String.valueOf(e.getCause()), "baton");
    } finally {
      stop.close();
    }
  }

  /** The person's answer as the next message of the same task and context. */
  private ObjectNode reply(JsonNode task, String taskId, String text, Attempt attempt) {
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

  /** Asks the remote agent to cancel its task; a refusal changes nothing here. */
  private void cancel(URI url, String taskId) {
    try {
      ObjectNode params = HttpAgent.JSON.createObjectNode();
      params.put("id", taskId);
      call(url, "tasks/cancel", params);
    } catch (Exception e) {
      // the attempt fails anyway; the remote task is left to its own timeouts
    }
  }

  private JsonNode call(URI url, String method, ObjectNode params) throws Exception {
    ObjectNode body = HttpAgent.JSON.createObjectNode();
    body.put("jsonrpc", "2.0");
    body.put("id", ++rpc);
    body.put("method", method);
    body.set("params", params);
    var r =
        calls.send(
            calls
                .request(url)
                .POST(
                    HttpRequest.BodyPublishers.ofString(HttpAgent.JSON.writeValueAsString(body))));
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
