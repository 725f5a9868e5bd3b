package dev.baton.telemetry;

import dev.baton.journal.JournalEntry;
import dev.baton.telemetry.internal.FixedIds;
import dev.baton.telemetry.internal.JournalSpans;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Traces of Baton's runs. Subscribe {@link #listener()} to a {@link dev.baton.Baton}: every
 * committed batch of journal events opens and ends spans (run → phase → step attempt), with the
 * journal's own times, so what a trace shows is what the journal says.
 *
 * <pre>{@code
 * try (Tracing tracing = Tracing.fromEnvironment().orElse(null)) { ... }   // OTEL_* variables
 * Tracing tracing = Tracing.with(SdkTracerProvider.builder().addSpanProcessor(processor));
 * baton.subscribe(tracing.listener());
 * }</pre>
 */
public final class Tracing implements AutoCloseable {
  private static final String SCOPE = "dev.baton";

  private final SdkTracerProvider provider;
  private final OpenTelemetrySdk sdk;
  private final JournalSpans spans;

  private Tracing(SdkTracerProvider provider, OpenTelemetrySdk sdk) {
    this.provider = provider;
    this.sdk = sdk;
    Tracer tracer = provider.get(SCOPE);
    this.spans = new JournalSpans(tracer);
  }

  /**
   * Tracing configured by the standard OpenTelemetry environment ({@code OTEL_TRACES_EXPORTER},
   * {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_SERVICE_NAME}, …, through the SDK's
   * autoconfiguration), or empty when none of them asks for traces: tracing is off by default.
   */
  public static Optional<Tracing> fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  static Optional<Tracing> fromEnvironment(Map<String, String> env) {
    String exporter = env.getOrDefault("OTEL_TRACES_EXPORTER", "");
    boolean endpoint =
        env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
            || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
    if (exporter.equals("none") || (exporter.isEmpty() && !endpoint)) return Optional.empty();
    if ("true".equals(env.get("OTEL_SDK_DISABLED"))) return Optional.empty();
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(() -> properties(env))
            .addTracerProviderCustomizer(
                (builder, config) -> builder.setIdGenerator(FixedIds.INSTANCE))
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    return Optional.of(new Tracing(sdk.getSdkTracerProvider(), sdk));
  }

  /** The {@code OTEL_*} variables as the SDK's properties, with Baton's defaults. */
  private static Map<String, String> properties(Map<String, String> env) {
    Map<String, String> p = new java.util.HashMap<>();
    p.put("otel.service.name", "baton");
    p.put("otel.metrics.exporter", "none");
    p.put("otel.logs.exporter", "none");
    // OTLP over HTTP through the JDK's HttpClient (gRPC would need another sender)
    p.put("otel.exporter.otlp.protocol", "http/protobuf");
    env.forEach((k, v) -> {
      if (k.startsWith("OTEL_")) p.put(k.toLowerCase(java.util.Locale.ROOT).replace('_', '.'), v);
    });
    return p;
  }

  /**
   * Tracing through a tracer provider configured by the caller (exporters, processors, resource);
   * Baton sets its id generator so that span ids match the agents' {@code TRACEPARENT}.
   */
  public static Tracing with(SdkTracerProviderBuilder builder) {
    return new Tracing(builder.setIdGenerator(FixedIds.INSTANCE).build(), null);
  }

  /** Give to {@link dev.baton.Baton#subscribe}. */
  public Consumer<List<JournalEntry>> listener() {
    return spans;
  }

  /** Ends the spans of runs still open here (the process stops) and flushes the exporter. */
  @Override
  public void close() {
    spans.close();
    provider.forceFlush().join(10, TimeUnit.SECONDS);
    if (sdk != null) sdk.shutdown().join(10, TimeUnit.SECONDS);
    else provider.shutdown().join(10, TimeUnit.SECONDS);
  }
}
