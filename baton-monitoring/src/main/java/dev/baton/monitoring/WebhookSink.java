package dev.baton.monitoring;

import dev.baton.journal.EventCodec;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts each alert change as JSON ({@link AlertNotice#toJson()}) to a URL with the JDK's HTTP
 * client. A delivery that meets a connection error, a 5xx or a 429 is tried again up to {@code
 * retries} times, waiting {@code backoff}, then twice as long each time; other 4xx answers are not
 * retried. Deliveries run on virtual threads, so a slow endpoint never holds up the monitor.
 */
public final class WebhookSink implements AlertSink {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookSink.class);

  /** Waits between tries; tests pass one that records instead of sleeping. */
  @FunctionalInterface
  public interface Pause {
    void pause(Duration d) throws InterruptedException;
  }

  private final MonitoringConfig.SinkSettings.Webhook settings;
  private final HttpClient client;
  private final Pause pause;
  private final ExecutorService deliveries =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("baton-webhook-", 0).factory());

  public WebhookSink(MonitoringConfig.SinkSettings.Webhook settings) {
    this(settings, d -> Thread.sleep(d));
  }

  public WebhookSink(MonitoringConfig.SinkSettings.Webhook settings, Pause pause) {
    this.settings = settings;
    this.pause = pause;
    this.client = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
  }

  @Override
  public void send(AlertNotice notice) {
    var unused = deliver(notice); // delivery reports its own failures
  }

  /** Delivers in the background; the future tells whether the endpoint accepted it in the end. */
  public CompletableFuture<Boolean> deliver(AlertNotice notice) {
    return CompletableFuture.supplyAsync(() -> post(EventCodec.json(notice.toJson())), deliveries);
  }

  private boolean post(String body) {
    Duration wait = settings.backoff();
    for (int attempt = 0; ; attempt++) {
      String problem;
      try {
        HttpRequest.Builder req =
            HttpRequest.newBuilder(settings.url())
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        settings.headers().forEach(req::header);
        int status = client.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status / 100 == 2) return true;
        problem = "HTTP " + status;
        if (status / 100 == 4 && status != 429) {
          LOG.warn("webhook {} refused an alert: {}", settings.url(), problem);
          return false;
        }
      } catch (IOException e) {
        problem = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (attempt >= settings.retries()) {
        LOG.warn(
            "webhook {} failed {} times, last: {}; alert not delivered",
            settings.url(),
            attempt + 1,
            problem);
        return false;
      }
      try {
        pause.pause(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      wait = wait.multipliedBy(2);
    }
  }

  /** Waits up to the timeout for deliveries in progress. */
  @Override
  public void close() {
    deliveries.shutdown();
    try {
      deliveries.awaitTermination(
          settings.timeout().toMillis() * (settings.retries() + 1), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    client.close();
  }
}
