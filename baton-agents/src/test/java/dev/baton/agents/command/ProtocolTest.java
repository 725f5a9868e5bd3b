package dev.baton.agents.command;

import static dev.baton.agents.command.Scripts.script;
import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.Outcome;
import dev.baton.agent.Status;
import dev.baton.test.RecordingReporter;
import dev.baton.test.TestAttempt;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code @baton} lines of docs/agent-protocols.md as a real program prints them. */
class ProtocolTest {
  @TempDir Path dir;

  private Outcome run(String body, TestAttempt attempt) throws Exception {
    Path program = script(dir, "agent.sh", body);
    return CommandAgent.forArgv(List.of(program.toString()), dir, Map.of())
        .perform(TestAttempt.handoff("t"), attempt);
  }

  @Test
  void status_lines_become_status_reports_with_agent_and_task_filled_in() throws Exception {
    TestAttempt attempt = TestAttempt.in(dir);

    run(
        """
        echo '@baton status {"progress": 40, "message": "reading", "estimatedCompletion": "2026-11-23T22:40:00Z", "blockers": ["no db"], "requestedSupport": [{"fromAgent": "database", "reason": "schema?", "urgency": "high"}]}'
        echo '@baton status {"agentId": "other", "currentTask": "x/y/2", "progress": 100}'
        """,
        attempt);

    assertThat(attempt.recorder().statuses)
        .containsExactly(
            new Status(
                "builder",
                "run-1/build/1",
                40,
                "2026-11-23T22:40:00Z",
                List.of("no db"),
                List.of(new Status.SupportRequest("database", "schema?", "high")),
                "reading"),
            new Status("other", "x/y/2", 100, null, null, null, null));
    assertThat(attempt.recorder().warnings).isEmpty();
  }

  @Test
  void finding_handoff_gap_and_review_lines_reach_the_reporter() throws Exception {
    TestAttempt attempt = TestAttempt.in(dir);

    Outcome outcome =
        run(
            """
            echo '@baton finding {"tags": ["security", "xss"], "summary": "unescaped input"}'
            echo '@baton handoff {"completedWork": "schema", "remainingWork": "api", "constraints": ["keep ids"], "extra": 1}'
            echo '@baton gap {"capability": "kubernetes", "reason": "no cluster access"}'
            echo '@baton review {"step": "schema", "quality": 8}'
            """,
            attempt);

    RecordingReporter r = attempt.recorder();
    assertThat(outcome).isInstanceOf(Outcome.Succeeded.class);
    assertThat(r.findings)
        .containsExactly(
            new RecordingReporter.Finding(List.of("security", "xss"), "unescaped input"));
    assertThat(r.notes)
        .containsExactly(
            Map.of(
                "completedWork",
                "schema",
                "remainingWork",
                "api",
                "constraints",
                List.of("keep ids"),
                "extra",
                1));
    assertThat(r.gaps)
        .containsExactly(new RecordingReporter.Gap("kubernetes", "no cluster access"));
    assertThat(r.reviews).containsExactly(new RecordingReporter.Review("schema", 8));
    assertThat(r.warnings).isEmpty();
  }

  @Test
  void a_review_of_the_received_handoff_is_a_collaboration_rating() throws Exception {
    TestAttempt attempt = TestAttempt.in(dir);

    run(
        """
        echo '@baton review {"handoff": true, "collaboration": 7}'
        echo '@baton review {"handoff": true, "collaboration": 11}'
        echo '@baton review {"handoff": false, "step": "schema", "quality": 9}'
        """,
        attempt);

    RecordingReporter r = attempt.recorder();
    assertThat(r.handoffRatings).containsExactly(7);
    assertThat(r.reviews).containsExactly(new RecordingReporter.Review("schema", 9));
    assertThat(r.warnings)
        .extracting(RecordingReporter.Warning::reason)
        .containsExactly("'collaboration' must be between 1 and 10, was 11");
  }

  @Test
  void malformed_lines_become_warnings_and_the_attempt_still_succeeds() throws Exception {
    TestAttempt attempt = TestAttempt.in(dir);

    Outcome outcome =
        run(
            """
            echo '@baton dance {"steps": 3}'
            echo '@baton status {"progress": 140}'
            echo '@baton finding {not json'
            echo '@baton output [1, 2]'
            echo '@baton review {"step": "a", "quality": "great"}'
            echo '@baton output {"ok": true}'
            """,
            attempt);

    assertThat(outcome).isEqualTo(Outcome.succeeded(Map.of("ok", true)));
    assertThat(attempt.recorder().warnings)
        .extracting(RecordingReporter.Warning::line)
        .containsExactly(
            "@baton dance {\"steps\": 3}",
            "@baton status {\"progress\": 140}",
            "@baton finding {not json",
            "@baton output [1, 2]",
            "@baton review {\"step\": \"a\", \"quality\": \"great\"}");
    assertThat(attempt.recorder().warnings)
        .extracting(RecordingReporter.Warning::reason)
        .containsExactly(
            "unknown keyword 'dance'",
            "'progress' must be between 0 and 100, was 140",
            attempt.recorder().warnings.get(2).reason(),
            "expected a JSON object",
            "'quality' must be an integer");
    assertThat(attempt.recorder().warnings.get(2).reason()).startsWith("bad JSON");
    assertThat(attempt.recorder().statuses).isEmpty();
  }

  @Test
  void reports_arrive_while_the_program_still_runs() throws Exception {
    TestAttempt attempt = TestAttempt.in(dir);
    Path gate = dir.resolve("gate");
    Thread opener =
        Thread.ofVirtual()
            .start(() -> {
              org.awaitility.Awaitility.await().until(() -> !attempt.recorder().statuses.isEmpty());
              try {
                java.nio.file.Files.writeString(gate, "open");
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });

    Outcome outcome =
        run(
            """
            echo '@baton status {"progress": 10, "message": "waiting for the gate"}'
            while [ ! -f "%s" ]; do sleep 0.05; done
            echo through
            """
                .formatted(gate),
            attempt);

    opener.join();
    assertThat(outcome).isEqualTo(Outcome.succeeded("through"));
  }
}
