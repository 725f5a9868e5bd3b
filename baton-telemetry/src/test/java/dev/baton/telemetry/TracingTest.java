package dev.baton.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.agent.Outcome;
import dev.baton.agent.TraceContext;
import dev.baton.journal.memory.InMemoryJournalStore;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TracingTest {
  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  // what the exporter received before shutting down (shutdown clears it)
  List<SpanData> finished = List.of();

  @Test
  void a_run_is_a_trace_of_phase_and_attempt_spans_and_agents_get_their_traceparent(
      @TempDir Path dir) throws Exception {
    Path wf =
        Files.writeString(
            dir.resolve("review.yaml"),
            """
            name: review
            phases:
              - name: read
                mode: sequential
                steps:
                  - { id: read, agent: reader, task: read it }
              - name: judge
                mode: parallel
                onFailure: skip
                steps:
                  - { id: verdict, agent: reader, task: decide }
                  - { id: flaky, agent: reader, task: fail }
            """);
    Map<String, String> traceparents = new ConcurrentHashMap<>();
    try (Tracing tracing =
            Tracing.with(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .addSpanProcessor(
                        new io.opentelemetry.sdk.trace.SpanProcessor() {
                          @Override
                          public void onStart(
                              io.opentelemetry.context.Context parent,
                              io.opentelemetry.sdk.trace.ReadWriteSpan span) {}

                          @Override
                          public boolean isStartRequired() {
                            return false;
                          }

                          @Override
                          public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {
                            synchronized (TracingTest.this) {
                              List<SpanData> all = new java.util.ArrayList<>(finished);
                              all.add(span.toSpanData());
                              finished = List.copyOf(all);
                            }
                          }

                          @Override
                          public boolean isEndRequired() {
                            return true;
                          }
                        }));
        Baton baton =
            Baton.builder()
                .store(new InMemoryJournalStore())
                .stateDir(dir.resolve(".baton"))
                .agent(
                    "reader",
                    (handoff, attempt) -> {
                      traceparents.put(attempt.step(), attempt.traceparent());
                      return attempt.step().equals("flaky")
                          ? Outcome.failed("no luck")
                          : Outcome.succeeded(Map.of("ok", true));
                    })
                .build()) {
      baton.subscribe(tracing.listener());
      RunState end = baton.start(baton.load(wf), Map.of(), Optional.of("t1")).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      // the last batch reaches listeners once committed: the run's span ends with it
      Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(30))
          .until(() ->
              exporter.getFinishedSpanItems().stream()
                  .anyMatch(s -> s.getName().equals("run review")));
    }

    List<SpanData> spans = finished;
    SpanData run = one(spans, "run review");
    SpanData read = one(spans, "phase read");
    SpanData judge = one(spans, "phase judge");
    SpanData step = one(spans, "step read");
    SpanData flaky = one(spans, "step flaky");
    assertThat(spans)
        .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(TraceContext.traceId("t1")));
    assertThat(run.getParentSpanId()).isEqualTo(SpanId.getInvalid());
    assertThat(read.getParentSpanId()).isEqualTo(run.getSpanId());
    assertThat(judge.getParentSpanId()).isEqualTo(run.getSpanId());
    assertThat(step.getParentSpanId()).isEqualTo(read.getSpanId());
    assertThat(flaky.getParentSpanId()).isEqualTo(judge.getSpanId());
    assertThat(step.getStatus().getStatusCode()).isEqualTo(StatusCode.OK);
    assertThat(flaky.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(flaky.getStatus().getDescription()).contains("no luck");
    assertThat(step.getAttributes().asMap().toString()).contains("baton.agent=reader");
    assertThat(run.getEndEpochNanos()).isGreaterThanOrEqualTo(step.getEndEpochNanos());
    // the agent's TRACEPARENT names its attempt's span
    assertThat(traceparents.get("read"))
        .isEqualTo("00-" + step.getTraceId() + "-" + step.getSpanId() + "-01");
  }

  @Test
  void tracing_is_off_unless_otel_variables_ask_for_it() {
    assertThat(Tracing.fromEnvironment(Map.of())).isEmpty();
    assertThat(Tracing.fromEnvironment(Map.of("OTEL_TRACES_EXPORTER", "none"))).isEmpty();
    try (Tracing t =
        Tracing.fromEnvironment(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"))
            .orElseThrow()) {
      assertThat(t.listener()).isNotNull();
    }
  }

  private static SpanData one(List<SpanData> spans, String name) {
    return spans.stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + spans));
  }
}
