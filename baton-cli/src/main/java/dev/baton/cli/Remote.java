package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.BatonException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A {@code baton serve} that commands act through ({@code --server URL --token T}, or {@code
 * BATON_SERVER}, {@code BATON_TOKEN}) instead of opening the store. Refusals of the server are the
 * user's to fix (exit 2, with the server's {@code detail}); a server that cannot be reached or
 * fails is an error like a store that cannot be opened (exit 4).
 */
final class Remote {
  private final URI base;
  private final String token;
  private final HttpClient http;

  Remote(String url, String token) {
    URI uri;
    try {
      uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    } catch (IllegalArgumentException e) {
      throw new UserError("--server: '" + url + "' is not a URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()))
      throw new UserError("--server: '" + url + "' is not an http:// or https:// URL");
    if (token == null || token.isBlank())
      throw new UserError(
          "a server needs a token: give --token T or set BATON_TOKEN (an admin creates one with"
              + " `baton token create NAME --role viewer` on the server's machine)");
    this.base = uri;
    this.token = token.strip();
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  URI base() {
    return base;
  }

  /** GET of a JSON document. */
  JsonNode get(String path) {
    return json(send(request(path).GET().build()));
  }

  /** GET of a JSON document that may not exist: empty when the server answers 404. */
  Optional<JsonNode> find(String path) {
    return Optional.ofNullable(send(request(path).GET().build(), true)).map(Remote::json);
  }

  /** GET of a text document that may not exist: empty when the server answers 404. */
  Optional<String> findText(String path) {
    return Optional.ofNullable(send(request(path).GET().build(), true));
  }

  /** GET of a text document (JSON lines, Prometheus exposition). */
  String text(String path) {
    return send(request(path).GET().build());
  }

  /** POST of a JSON body; the JSON answer. */
  JsonNode post(String path, Object body) {
    String text;
    try {
      text = Json.MAPPER.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return json(
        send(
            request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(text))
                .build()));
  }

  /**
   * Follows a Server-Sent Events stream: hands each event's data to {@code onData} until it returns
   * true (then closes the stream) or the server ends it (returns false).
   */
  boolean stream(String path, long lastEventId, Predicate<String> onData) {
    HttpRequest.Builder b = request(path).header("Accept", "text/event-stream").GET();
    if (lastEventId > 0) b.header("Last-Event-ID", Long.toString(lastEventId));
    HttpResponse<InputStream> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatonException("interrupted while connecting to " + base, e);
    }
    try (InputStream in = response.body();
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      if (response.statusCode() >= 300)
        throw refused(response.statusCode(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      StringBuilder data = new StringBuilder();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (!data.isEmpty() && onData.test(data.toString())) return true;
          data.setLength(0);
        } else if (line.startsWith("data:")) {
          if (!data.isEmpty()) data.append('\n');
          data.append(line.substring(line.startsWith("data: ") ? 6 : 5));
        }
      }
      return false;
    } catch (IOException e) {
      throw new Unreachable("the event stream of " + base + " broke: " + e.getMessage(), e);
    }
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(base + path))
        .timeout(Duration.ofMinutes(2))
        .header("Authorization", "Bearer " + token)
        .header("User-Agent", "baton-cli");
  }

  private String send(HttpRequest request) {
    return send(request, false);
  }

  /** The body of a 2xx answer; null for a 404 when {@code absentOk}; else the refusal. */
  private String send(HttpRequest request, boolean absentOk) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BatonException("interrupted while waiting for " + base, e);
    }
    if (absentOk && response.statusCode() == 404) return null;
    if (response.statusCode() >= 300) throw refused(response.statusCode(), response.body());
    return response.body();
  }

  private static JsonNode json(String text) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (IOException e) {
      throw new BatonException("the server answered something that is not JSON: " + text, e);
    }
  }

  /** The server cannot be reached (down, restarting) or the connection broke. */
  static final class Unreachable extends BatonException {
    private static final long serialVersionUID = 1L;

    Unreachable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private Unreachable unreachable(IOException e) {
    String why =
        e instanceof ConnectException ? "connection refused" : String.valueOf(e.getMessage());
    return new Unreachable("cannot reach the server " + base + ": " + why, e);
  }

  /** The server's problem document ({@code detail}) as the message, by status. */
  private BatonException refused(int status, String body) {
    String detail = body;
    try {
      JsonNode problem = Json.MAPPER.readTree(body);
      if (problem != null && problem.hasNonNull("detail")) detail = problem.get("detail").asText();
    } catch (IOException notJson) {
      // the body as it is
    }
    detail = Printable.clean(detail.strip());
    return switch (status) {
      case 401 ->
          new UserError(
              "the server "
                  + base
                  + " refused the token: "
                  + detail
                  + " (check --token or BATON_TOKEN)");
      case 403 -> new UserError("the token's role may not do this: " + detail);
      default ->
          status >= 500
              ? new BatonException("the server " + base + " failed (" + status + "): " + detail)
              : new UserError(detail);
    };
  }
}
