package dev.baton.agents.http;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A real {@link HttpClient} that keeps a weak reference to every response future it hands out, so a
 * test can tell whether the agent still holds the calls it is done with.
 */
final class RecordingHttpClient extends HttpClient {
  private final HttpClient real;
  final List<WeakReference<CompletableFuture<?>>> sent = new CopyOnWriteArrayList<>();

  /** From this many calls on, {@code sendAsync} throws, as a client whose executor refuses. */
  volatile int refuseFrom = Integer.MAX_VALUE;

  RecordingHttpClient(HttpClient real) {
    this.real = real;
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request, HttpResponse.BodyHandler<T> handler) {
    if (sent.size() >= refuseFrom)
      throw new java.util.concurrent.RejectedExecutionException("the client's executor refused");
    CompletableFuture<HttpResponse<T>> f = real.sendAsync(request, handler);
    sent.add(new WeakReference<>(f));
    return f;
  }

  @Override
  public <T> CompletableFuture<HttpResponse<T>> sendAsync(
      HttpRequest request,
      HttpResponse.BodyHandler<T> handler,
      HttpResponse.PushPromiseHandler<T> push) {
    CompletableFuture<HttpResponse<T>> f = real.sendAsync(request, handler, push);
    sent.add(new WeakReference<>(f));
    return f;
  }

  @Override
  public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException, InterruptedException {
    return real.send(request, handler);
  }

  @Override
  public Optional<CookieHandler> cookieHandler() {
    return real.cookieHandler();
  }

  @Override
  public Optional<Duration> connectTimeout() {
    return real.connectTimeout();
  }

  @Override
  public Redirect followRedirects() {
    return real.followRedirects();
  }

  @Override
  public Optional<ProxySelector> proxy() {
    return real.proxy();
  }

  @Override
  public SSLContext sslContext() {
    return real.sslContext();
  }

  @Override
  public SSLParameters sslParameters() {
    return real.sslParameters();
  }

  @Override
  public Optional<Authenticator> authenticator() {
    return real.authenticator();
  }

  @Override
  public Version version() {
    return real.version();
  }

  @Override
  public Optional<Executor> executor() {
    return real.executor();
  }
}
