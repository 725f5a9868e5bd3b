package dev.baton.llm.internal;

import dev.baton.agent.Attempt;
import dev.baton.agent.Cancellation;
import dev.baton.agent.LlmCall;
import dev.baton.workflow.AgentSpec;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Calls a chat model for an attempt: each call journaled ({@code LlmCalled}), 429 and 5xx retried
 * with doubling backoff until the attempt is cancelled (its timeout) or the tries run out, and a
 * call in flight abandoned at once when the attempt is cancelled.
 */
public final class ModelCalls {
  /** Thrown when the attempt was cancelled while calling. */
  public static final class Cancelled extends Exception {
    private static final long serialVersionUID = 1L;
  }

  /** Thrown when the model could not be called (after retries), with a reason. */
  public static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;

    Failed(String why) {
      super(why);
    }
  }

  private final AgentSpec.Llm spec;
  private final ChatModel model;
  private final Clock clock;
  private final int maxTries;
  private final long firstDelayMillis;

  public ModelCalls(
      AgentSpec.Llm spec, ChatModel model, Clock clock, int maxTries, long firstDelayMillis) {
    this.spec = spec;
    this.model = model;
    this.clock = clock;
    this.maxTries = maxTries;
    this.firstDelayMillis = firstDelayMillis;
  }

  /** The model's text reply to {@code messages}. */
  public String call(List<ChatMessage> messages, Attempt attempt) throws Cancelled, Failed {
    long delay = firstDelayMillis;
    for (int tries = 1; ; tries++) {
      if (attempt.cancellation().isCancelled()) throw new Cancelled();
      long start = clock.millis();
      try {
        ChatResponse r = chat(ChatRequest.builder().messages(messages).build(), attempt);
        long latency = Math.max(0, clock.millis() - start);
        TokenUsage u = r.tokenUsage();
        long in = u == null || u.inputTokenCount() == null ? 0 : u.inputTokenCount();
        long out = u == null || u.outputTokenCount() == null ? 0 : u.outputTokenCount();
        double cost = spec.price().map(p -> p.cost(in, out)).orElse(0.0);
        // the model as called: ${NAME:-default} in its name resolved, a secret never journaled
        String name = attempt.secrets().redact(attempt.secrets().resolve(spec.model()));
        attempt.reporter().llmCalled(new LlmCall(name, in, out, cost, latency));
        String text = r.aiMessage() == null ? null : r.aiMessage().text();
        return text == null ? "" : text;
      } catch (RuntimeException e) {
        String why = attempt.secrets().redact(describe(e));
        if (!retriable(e)) throw new Failed(why);
        if (tries >= maxTries) throw new Failed(why + " (gave up after " + tries + " tries)");
        try {
          if (attempt.cancellation().await(delay)) throw new Cancelled();
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new Cancelled();
        }
        delay = Math.min(delay * 2, 10_000);
      }
    }
  }

  private ChatResponse chat(ChatRequest request, Attempt attempt) throws Cancelled {
    CompletableFuture<ChatResponse> f =
        CompletableFuture.supplyAsync(
            () -> model.chat(request),
            r -> Thread.ofVirtual().name("baton-llm-" + attempt.agent()).start(r));
    Cancellation.Registration stop = attempt.cancellation().onCancel(() -> f.cancel(true));
    try {
      return f.join();
    } catch (CancellationException e) {
      throw new Cancelled();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException re) throw re;
      throw e;
    } finally {
      stop.close(); // an agent's many calls must not each stay held until the attempt ends
    }
  }

  static boolean retriable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RetriableException) return true;
      if (t instanceof HttpException h) return h.statusCode() == 429 || h.statusCode() >= 500;
      if (t instanceof java.net.http.HttpTimeoutException) return false;
    }
    return false;
  }

  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getMessage() == null) root = root.getCause();
    String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    int status = -1;
    for (Throwable t = e; t != null; t = t.getCause())
      if (t instanceof HttpException h) status = h.statusCode();
    String head = status > 0 ? "HTTP " + status + ": " : "";
    return "the model call failed: " + head + (m.length() > 500 ? m.substring(0, 500) + "…" : m);
  }
}
