package dev.baton.store;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.baton.Baton;
import dev.baton.agent.Outcome;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Phase;
import dev.baton.workflow.Workflow;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Log lines written while a run is worked on carry its id (and the step's) in SLF4J's MDC. */
class RunLogContextTest {
  private static final org.slf4j.Logger AGENT_LOG = LoggerFactory.getLogger("test.reviewer");

  @TempDir Path dir;
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);

  @BeforeEach
  void listen() {
    lines.start();
    root.addAppender(lines);
  }

  @AfterEach
  void stop() {
    root.detachAppender(lines);
  }

  @Test
  void engine_and_agent_log_lines_name_the_run_step_and_attempt_in_the_mdc() {
    Workflow wf =
        Workflow.builder("logged")
            .input("count", "")
            .agent(AgentSpec.inProcess("reviewer"))
            // a rule the engine cannot evaluate on a text: it logs a warning about the run
            .escalate("inputs.count > 3", "alert", "too many")
            .phase(Phase.sequential("one").step("lint", "reviewer", "Lint {{inputs.count}}"))
            .build();
    RunState end;
    try (JournalStore store = Stores.sqlite(dir.resolve("baton.db"));
        Baton baton =
            Baton.builder()
                .store(store)
                .stateDir(dir)
                .agent(
                    "reviewer",
                    (h, a) -> {
                      AGENT_LOG.warn("reviewing {}", h.task());
                      return Outcome.succeeded("ok");
                    })
                .build()) {
      end = baton.start(wf, Map.of("count", "many")).await();
    }
    assertThat(end.status()).isEqualTo(RunStatus.SUCCEEDED);
    ILoggingEvent agentLine =
        lines.list.stream()
            .filter(e -> e.getLoggerName().equals("test.reviewer"))
            .findFirst()
            .orElseThrow();
    assertThat(agentLine.getFormattedMessage()).isEqualTo("reviewing Lint many");
    assertThat(agentLine.getMDCPropertyMap())
        .containsEntry("baton.run", end.id())
        .containsEntry("baton.step", "lint")
        .containsEntry("baton.attempt", "1");
    ILoggingEvent engineLine =
        lines.list.stream()
            .filter(e -> e.getLoggerName().endsWith(".Escalations"))
            .findFirst()
            .orElseThrow();
    assertThat(engineLine.getFormattedMessage()).contains("could not be evaluated");
    assertThat(engineLine.getMDCPropertyMap()).containsEntry("baton.run", end.id());
  }
}
