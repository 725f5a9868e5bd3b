package dev.baton.agents.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.agent.AsyncAgent;
import dev.baton.agent.Attempt;
import dev.baton.agent.Cancellation;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.agents.reply.AgentReply;
import dev.baton.journal.EventCodec;
import dev.baton.workflow.AgentSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A remote agent over HTTP (docs/agent-protocols.md). {@code protocol: json}: the handoff is
 * POSTed; the reply is in the {@code llm} reply shape ({@link AgentReply}); {@code 202 Accepted}
 * with a {@code Location} is polled until the reply is there. {@code protocol: a2a}: see {@link
 * A2a}. 429 and 5xx are retried with doubling backoff; a cancelled attempt (timeout, cancel) stops
 * waiting at once. The token ({@code ${secret:…}}) is sent as {@code Authorization: Bearer} and
 * redacted from every error.
 *
 * <p>An {@link AsyncAgent}: an attempt waiting for a remote job (between polls, or for a response)
 * holds no thread. Each response is handled on the HTTP client's threads, each pause ends on a
 * short-lived virtual thread, and every step of a long poll starts afresh rather than nesting in
 * the one before: an hour of polls holds no more than the first minute.
 */
public final class HttpAgent implements AsyncAgent {
  static final ObjectMapper JSON = EventCodec.mapper();
  static final int MAX_TRIES = 5;
  static final int QUOTE = 500;

  /**
   * Where a pause ends: a virtual thread of its own, as sending may resolve a host name; on the
   * scheduler's thread when no thread can be started, rather than never.
   */
  private static final Executor AFTER_PAUSE =
      r -> {
        try {
          Thread.ofVirtual().name("baton-http").start(r);
        } catch (RuntimeException | Error e) {
          r.run();
        }
      };

  private final AgentSpec.Http spec;
  private final HttpClient client;
  private final long firstDelayMillis;

  HttpAgent(AgentSpec.Http spec, HttpClient client, long firstDelayMillis) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.client = client;
    this.firstDelayMillis = firstDelayMillis;
  }

  public static HttpAgent of(AgentSpec.Http spec) {
    return new HttpAgent(
        spec,
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build(),
        500);
  }

  /** The same agent with another first retry and poll delay (tests). */
  public HttpAgent delay(long millis) {
    return new HttpAgent(spec, client, millis);
  }

  @Override
  public CompletionStage<Outcome> start(Handoff handoff, Attempt attempt) {
    Calls calls = new Calls(attempt);
    CompletableFuture<Outcome> work;
    try {
      work =
          spec.protocol().equals("a2a")
              ? new A2a(calls, handoff, attempt).start()
              : json(calls, handoff, attempt);
    } catch (Exception e) {
      work = CompletableFuture.failedFuture(e);
    }
    return work.handle((o, t) -> {
      if (t == null) return o;
      Throwable cause = Calls.unwrap(t);
      if (cause instanceof Calls.Stopped)
        return Outcome.failed(
            "cancelled: "
                + Objects.requireNonNullElse(attempt.cancellation().reason(), "cancelled"));
      if (cause instanceof Calls.Failed f)
        return Outcome.failed(attempt.secrets().redact(f.getMessage()));
      throw cause instanceof CompletionException c ? c : new CompletionException(cause);
    });
  }

  private CompletableFuture<Outcome> json(Calls calls, Handoff handoff, Attempt attempt)
      throws Exception {
    URI url = calls.url();
    CompletableFuture<Outcome> outcome = new CompletableFuture<>();
    var unused =
        calls
            .send(
                calls
                    .request(url)
                    .header("Idempotency-Key", attempt.idempotencyKey())
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(handoff))))
            .whenComplete((r, t) -> answered(calls, url, r, t, firstDelayMillis, attempt, outcome));
    return outcome;
  }

  /**
   * One answer of a {@code json} agent: 202 is polled again after {@code delay}, anything else ends
   * the attempt.
   */
  private void answered(
      Calls calls,
      URI url,
      HttpResponse<String> r,
      Throwable failure,
      long delay,
      Attempt attempt,
      CompletableFuture<Outcome> outcome) {
    try {
      if (failure != null) throw Calls.unwrap(failure);
      if (r.statusCode() == 202) {
        Optional<String> location = r.headers().firstValue("Location");
        if (location.isEmpty())
          throw new Calls.Failed("the agent answered 202 Accepted without a Location to poll");
        URI job = url.resolve(location.get());
        long next = Math.min(delay * 2, 5_000);
        var unused =
            calls
                .pause(delay)
                .thenCompose(v -> calls.send(calls.request(job).GET()))
                .whenComplete((again, t) -> answered(calls, url, again, t, next, attempt, outcome));
        return;
      }
      if (r.statusCode() / 100 != 2) throw new Calls.Failed(Calls.describe(r));
      AgentReply reply;
      try {
        reply = AgentReply.parse(r.body());
      } catch (AgentReply.Invalid bad) {
        throw new Calls.Failed(
            "the agent's reply is not the expected JSON ("
                + bad.getMessage()
                + "): "
                + AgentReply.quote(r.body(), QUOTE));
      }
      reply.applyTo(attempt.reporter());
      outcome.complete(Outcome.succeeded(reply.output()));
    } catch (Throwable t) {
      outcome.completeExceptionally(t);
    }
  }

  /** HTTP calls of one attempt: auth, timeouts, retries of 429/5xx, cancellable pauses. */
  final class Calls {
    static final class Stopped extends Exception {
      private static final long serialVersionUID = 1L;
    }

    static final class Failed extends Exception {
      private static final long serialVersionUID = 1L;

      Failed(String why) {
        super(why);
      }
    }

    private final Attempt attempt;

    Calls(Attempt attempt) {
      this.attempt = attempt;
    }

    URI url() throws Failed {
      String u = attempt.secrets().resolve(spec.url());
      try {
        return URI.create(u);
      } catch (IllegalArgumentException e) {
        throw new Failed("'" + u + "' is not a URL");
      }
    }

    HttpRequest.Builder request(URI uri) {
      HttpRequest.Builder b =
          HttpRequest.newBuilder(uri)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .timeout(spec.timeout().orElse(Duration.ofMinutes(5)));
      spec.token()
          .map(attempt.secrets()::resolve)
          .filter(t -> !t.isBlank())
          .ifPresent(t -> b.header("Authorization", "Bearer " + t));
      return b;
    }

    /**
     * Sends, retrying 429, 5xx and connection failures; completes with any other response, or with
     * {@link Stopped} or {@link Failed}.
     */
    CompletableFuture<HttpResponse<String>> send(HttpRequest.Builder builder) {
      CompletableFuture<HttpResponse<String>> response = new CompletableFuture<>();
      send(builder.build(), 1, firstDelayMillis, response);
      return response;
    }

    private void send(
        HttpRequest request,
        int tries,
        long delay,
        CompletableFuture<HttpResponse<String>> response) {
      if (attempt.cancellation().isCancelled()) {
        response.completeExceptionally(new Stopped());
        return;
      }
      CompletableFuture<HttpResponse<String>> call;
      try {
        call = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
      } catch (RuntimeException | Error e) {
        response.completeExceptionally(e); // as the blocking send threw it to the attempt
        return;
      }
      Cancellation.Registration stop = attempt.cancellation().onCancel(() -> call.cancel(true));
      var unused =
          call.whenComplete((r, t) -> {
            stop.close(); // a long poll must not keep every response it had
            try {
              answered(request, tries, delay, r, t, response);
            } catch (RuntimeException | Error e) {
              response.completeExceptionally(e);
            }
          });
    }

    /** One answer to {@code request}: the response, or a retry after a pause, or why not. */
    private void answered(
        HttpRequest request,
        int tries,
        long delay,
        HttpResponse<String> r,
        Throwable t,
        CompletableFuture<HttpResponse<String>> response) {
      String why;
      if (t == null) {
        if (r.statusCode() != 429 && r.statusCode() < 500) {
          response.complete(r);
          return;
        }
        why = describe(r);
      } else {
        Throwable c = unwrap(t);
        if (c instanceof CancellationException) {
          response.completeExceptionally(new Stopped());
          return;
        }
        if (c instanceof HttpTimeoutException) {
          response.completeExceptionally(
              new Failed("no answer from " + request.uri() + " within its timeout"));
          return;
        }
        why = "cannot reach " + request.uri() + ": " + c;
      }
      if (tries >= MAX_TRIES) {
        response.completeExceptionally(new Failed(why + " (gave up after " + tries + " tries)"));
        return;
      }
      var unused =
          pause(delay)
              .whenComplete((v, p) -> {
                if (p != null) response.completeExceptionally(unwrap(p));
                else send(request, tries + 1, Math.min(delay * 2, 10_000), response);
              });
    }

    /**
     * Completes after {@code millis}, or with {@link Stopped} as soon as the attempt is cancelled.
     * No thread waits meanwhile.
     */
    CompletableFuture<Void> pause(long millis) {
      CompletableFuture<Void> over = new CompletableFuture<>();
      Cancellation.Registration stop =
          attempt.cancellation().onCancel(() -> over.completeExceptionally(new Stopped()));
      var unused = over.whenComplete((v, t) -> stop.close());
      CompletableFuture.delayedExecutor(millis, TimeUnit.MILLISECONDS, AFTER_PAUSE)
          .execute(() -> over.complete(null));
      return over;
    }

    JsonNode json(HttpResponse<String> r) throws Failed {
      try {
        return JSON.readTree(r.body());
      } catch (IOException e) {
        throw new Failed("the agent's answer is not JSON: " + AgentReply.quote(r.body(), QUOTE));
      }
    }

    static String describe(HttpResponse<String> r) {
      return "HTTP "
          + r.statusCode()
          + " from "
          + r.uri()
          + ": "
          + AgentReply.quote(r.body(), QUOTE);
    }

    /** The exception a stage failed with, without the wrappers stages add. */
    static Throwable unwrap(Throwable t) {
      while ((t instanceof CompletionException || t instanceof ExecutionException)
          && t.getCause() != null) t = t.getCause();
      return t;
    }
  }
}
