package dev.baton.agents.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.agent.Agent;
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
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A remote agent over HTTP (docs/agent-protocols.md). {@code protocol: json}: the handoff is
 * POSTed; the reply is in the {@code llm} reply shape ({@link AgentReply}); {@code 202 Accepted}
 * with a {@code Location} is polled until the reply is there. {@code protocol: a2a}: see {@link
 * A2a}. 429 and 5xx are retried with doubling backoff; a cancelled attempt (timeout, cancel) stops
 * waiting at once. The token ({@code ${secret:…}}) is sent as {@code Authorization: Bearer} and
 * redacted from every error.
 */
public final class HttpAgent implements Agent {
  static final ObjectMapper JSON = EventCodec.mapper();
  static final int MAX_TRIES = 5;
  static final int QUOTE = 500;

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
  public Outcome perform(Handoff handoff, Attempt attempt) throws Exception {
    Calls calls = new Calls(attempt);
    try {
      return spec.protocol().equals("a2a")
          ? new A2a(calls).perform(handoff, attempt)
          : json(calls, handoff, attempt);
    } catch (Calls.Stopped s) {
      return Outcome.failed(
          "cancelled: " + Objects.requireNonNullElse(attempt.cancellation().reason(), "cancelled"));
    } catch (Calls.Failed f) {
      return Outcome.failed(attempt.secrets().redact(f.getMessage()));
    }
  }

  private Outcome json(Calls calls, Handoff handoff, Attempt attempt) throws Exception {
    URI url = calls.url();
    HttpResponse<String> r =
        calls.send(
            calls
                .request(url)
                .header("Idempotency-Key", attempt.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(handoff))));
    long delay = firstDelayMillis;
    while (r.statusCode() == 202) {
      Optional<String> location = r.headers().firstValue("Location");
      if (location.isEmpty())
        throw new Calls.Failed("the agent answered 202 Accepted without a Location to poll");
      calls.pause(delay);
      delay = Math.min(delay * 2, 5_000);
      r = calls.send(calls.request(url.resolve(location.get())).GET());
    }
    if (r.statusCode() / 100 != 2) throw new Calls.Failed(Calls.describe(r));
    try {
      AgentReply reply = AgentReply.parse(r.body());
      reply.applyTo(attempt.reporter());
      return Outcome.succeeded(reply.output());
    } catch (AgentReply.Invalid bad) {
      throw new Calls.Failed(
          "the agent's reply is not the expected JSON ("
              + bad.getMessage()
              + "): "
              + AgentReply.quote(r.body(), QUOTE));
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

    /** Sends, retrying 429, 5xx and connection failures; returns any other response. */
    HttpResponse<String> send(HttpRequest.Builder builder) throws Stopped, Failed {
      HttpRequest request = builder.build();
      long delay = firstDelayMillis;
      for (int tries = 1; ; tries++) {
        if (attempt.cancellation().isCancelled()) throw new Stopped();
        String why;
        try {
          var future = client.sendAsync(request, HttpResponse.BodyHandlers.ofString());
          Cancellation.Registration stop =
              attempt.cancellation().onCancel(() -> future.cancel(true));
          HttpResponse<String> r;
          try {
            r = future.join();
          } finally {
            stop.close(); // a long poll must not keep every response it had
          }
          if (r.statusCode() != 429 && r.statusCode() < 500) return r;
          why = describe(r);
        } catch (java.util.concurrent.CancellationException e) {
          throw new Stopped();
        } catch (java.util.concurrent.CompletionException e) {
          Throwable c = e.getCause() == null ? e : e.getCause();
          if (c instanceof java.net.http.HttpTimeoutException)
            throw new Failed("no answer from " + request.uri() + " within its timeout");
          why = "cannot reach " + request.uri() + ": " + c;
        }
        if (tries >= MAX_TRIES) throw new Failed(why + " (gave up after " + tries + " tries)");
        pause(delay);
        delay = Math.min(delay * 2, 10_000);
      }
    }

    /** Waits, unless the attempt is cancelled first. */
    void pause(long millis) throws Stopped {
      try {
        if (attempt.cancellation().await(millis)) throw new Stopped();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Stopped();
      }
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
  }
}
