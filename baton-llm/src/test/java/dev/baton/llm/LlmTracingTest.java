package dev.baton.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.Baton;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.store.memory.InMemoryJournalStore;
import dev.baton.telemetry.Tracing;
import dev.baton.test.MapSecrets;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Phase;
import dev.baton.workflow.Workflow;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each chat model call of a run is a span under its attempt's, named by the gen_ai conventions. */
class LlmTracingTest {
  final ScriptedModelServer server;
  final InMemorySpanExporter exporter = InMemorySpanExporter.create();

  LlmTracingTest() throws Exception {
    server = new ScriptedModelServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void each_model_call_is_a_child_span_of_its_attempt_with_model_and_tokens(@TempDir Path dir) {
    // the first reply is not JSON: the agent asks once more, so the attempt makes two calls
    server
        .thenOpenAi("Sure, two tables.", 100, 10)
        .thenOpenAi("{\"output\": {\"design\": \"two tables\"}}", 1200, 300);
    AgentSpec architect =
        new AgentSpec(
            "architect",
            "Architect",
            List.of(),
            List.of(),
            1,
            new AgentSpec.Llm(
                "openai",
                "test-model",
                Optional.of(server.url() + "/v1"),
                Optional.of("${secret:MODEL_KEY}"),
                Optional.of("You design schemas.")));
    Workflow wf =
        Workflow.builder("design")
            .agent(architect)
            .phase(Phase.sequential("plan").step("schema", "architect", "Design the schema"))
            .build();
    List<SpanData> spans;
    try (Tracing tracing =
            Tracing.with(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter)));
        Baton baton =
            Baton.builder()
                .store(new InMemoryJournalStore())
                .stateDir(dir)
                .agentFactory(new LlmAgentFactory())
                .secrets(new MapSecrets(Map.of(), Map.of("MODEL_KEY", "sk-test")))
                .build()) {
      baton.subscribe(tracing.listener());
      RunState end = baton.start(wf, Map.of()).await();
      assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() ->
              exporter.getFinishedSpanItems().stream()
                  .anyMatch(s -> s.getName().equals("run design")));
      spans = exporter.getFinishedSpanItems();
    }

    SpanData attempt =
        spans.stream().filter(s -> s.getName().equals("step schema")).findFirst().orElseThrow();
    List<SpanData> calls =
        spans.stream().filter(s -> s.getName().equals("chat test-model")).toList();
    assertThat(calls).hasSize(2);
    assertThat(calls)
        .allSatisfy(c -> {
          assertThat(c.getTraceId()).isEqualTo(attempt.getTraceId());
          assertThat(c.getParentSpanId()).isEqualTo(attempt.getSpanId());
          assertThat(c.getKind()).isEqualTo(SpanKind.CLIENT);
          assertThat(c.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name")))
              .isEqualTo("chat");
          assertThat(c.getAttributes().get(AttributeKey.stringKey("gen_ai.request.model")))
              .isEqualTo("test-model");
          assertThat(c.getStartEpochNanos()).isLessThanOrEqualTo(c.getEndEpochNanos());
        });
    assertThat(calls)
        .extracting(
            c -> c.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens")),
            c -> c.getAttributes().get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(100L, 10L),
            org.assertj.core.groups.Tuple.tuple(1200L, 300L));
    assertThat(server.requests).hasSize(2);
  }
}
