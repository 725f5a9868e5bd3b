package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.Baton;
import dev.baton.agent.EnvironmentSecrets;
import dev.baton.agent.Outcome;
import dev.baton.agents.http.HttpAgentFactory;
import dev.baton.journal.CommandKind;
import dev.baton.journal.Event;
import dev.baton.journal.HumanTask;
import dev.baton.journal.RunCommand;
import dev.baton.journal.TaskCause;
import dev.baton.journal.TaskKind;
import dev.baton.run.RunState;
import dev.baton.run.RunStatus;
import dev.baton.store.JournalStore;
import dev.baton.store.Stores;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as an A2A agent: its workflows as skills, started and followed over JSON-RPC. */
class A2aTest {
  @TempDir Path dir;
  ServerFixture f;

  @BeforeEach
  void start() throws Exception {
    f =
        new ServerFixture(
            dir,
            Map.of("greeter", (h, a) -> Outcome.succeeded(Map.of("said", "hello " + h.task()))));
    f.write(
        "hello.yaml",
        """
        name: hello
        description: Greets someone
        inputs:
          who: { required: true, description: whom to greet }
        phases:
          - name: greet
            mode: sequential
            steps:
              - { id: say, agent: greeter, task: "Say hello to {{inputs.who}}" }
        """);
    f.write("notes.yaml", "just: some yaml that is no workflow\n");
  }

  @AfterEach
  void stop() {
    f.close();
  }

  @Test
  void the_agent_card_offers_the_servers_workflows_as_skills() throws Exception {
    assertThat(f.get("/.well-known/agent-card.json", null).statusCode()).isEqualTo(401);
    JsonNode card =
        ServerFixture.json(f.get("/.well-known/agent-card.json", f.token.get(Role.VIEWER)));
    assertThat(card.path("url").asText()).isEqualTo(f.server.uri() + "/a2a");
    assertThat(card.path("preferredTransport").asText()).isEqualTo("JSONRPC");
    assertThat(card.path("securitySchemes").path("bearer").path("scheme").asText())
        .isEqualTo("bearer");
    assertThat(card.path("skills")).hasSize(1);
    JsonNode skill = card.path("skills").get(0);
    assertThat(skill.path("id").asText()).isEqualTo("hello");
    assertThat(skill.path("description").asText())
        .contains("Greets someone", "who (required): whom to greet");
  }

  @Test
  void message_send_starts_a_run_once_per_message_and_tasks_get_follows_it() throws Exception {
    String send =
        """
        {"jsonrpc": "2.0", "id": 1, "method": "message/send", "params": {"message": {
          "kind": "message", "role": "user", "messageId": "m-1",
          "parts": [{"kind": "text", "text": "Ada"}]}}}
        """;
    // a viewer may look, not start
    assertThat(f.post("/a2a/hello", f.token.get(Role.VIEWER), send).statusCode()).isEqualTo(403);
    assertThat(f.store.runs()).isEmpty();
    JsonNode task = ServerFixture.json(f.post("/a2a/hello", f.token.get(Role.OPERATOR), send));
    String id = task.path("result").path("id").asText();
    assertThat(task.path("result").path("kind").asText()).isEqualTo("task");
    assertThat(task.path("result").path("status").path("state").asText())
        .isIn("submitted", "working", "completed");
    String get =
        "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"tasks/get\", \"params\": {\"id\": \""
            + id
            + "\"}}";
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() ->
            ServerFixture.json(f.post("/a2a", f.token.get(Role.VIEWER), get))
                .path("result")
                .path("status")
                .path("state")
                .asText()
                .equals("completed"));
    JsonNode done = ServerFixture.json(f.post("/a2a", f.token.get(Role.VIEWER), get));
    assertThat(done.path("id").asInt()).isEqualTo(2);
    assertThat(
            done.path("result")
                .path("artifacts")
                .get(0)
                .path("parts")
                .get(0)
                .path("data")
                .path("output")
                .path("say")
                .path("said")
                .asText())
        .isEqualTo("hello Say hello to Ada");
    // the same message again: the same run, not a second one
    JsonNode again = ServerFixture.json(f.post("/a2a/hello", f.token.get(Role.OPERATOR), send));
    assertThat(again.path("result").path("id").asText()).isEqualTo(id);
    assertThat(f.store.runs()).hasSize(1);
    // JSON-RPC errors
    assertThat(rpcError("{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"nope\"}"))
        .isEqualTo(-32601);
    assertThat(rpcError("not json")).isEqualTo(-32700);
    assertThat(
            rpcError(
                "{\"jsonrpc\": \"2.0\", \"id\": 4, \"method\": \"tasks/get\", \"params\": {\"id\": \"none\"}}"))
        .isEqualTo(-32001);
  }

  @Test
  void a_baton_http_agent_speaking_a2a_calls_a_workflow_of_the_server_as_its_step()
      throws Exception {
    Path caller = dir.resolve("caller");
    java.nio.file.Files.createDirectories(caller);
    java.nio.file.Files.writeString(
        caller.resolve("delegate.yaml"),
        """
        name: delegate
        agents:
          remote:
            http: { url: "%s/a2a/hello", protocol: a2a, token: "${secret:A2A_TOKEN}" }
        phases:
          - name: ask
            mode: sequential
            steps:
              - { id: greet, agent: remote, task: Grace }
        """
            .formatted(f.server.uri()));
    try (JournalStore store = Stores.sqlite(caller.resolve("caller.db"), Clock.systemUTC());
        Baton baton =
            Baton.builder()
                .store(store)
                .stateDir(caller)
                .secrets(
                    new EnvironmentSecrets(
                        Map.of("A2A_TOKEN", f.token.get(Role.OPERATOR)), Optional.empty()))
                .agentFactory(new HttpAgentFactory())
                .build()) {
      RunState end = baton.start(baton.load(caller.resolve("delegate.yaml")), Map.of()).await();
      assertThat(end.status()).as("%s", end.endReason()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(end.step("greet").orElseThrow().output())
          .isEqualTo(Map.of("say", Map.of("said", "hello Say hello to Grace")));
    }
    assertThat(f.store.runs()).singleElement().extracting(r -> r.workflow()).isEqualTo("hello");
  }

  @Test
  void a_remote_agent_asking_for_input_opens_a_human_task_whose_answer_goes_back_to_it()
      throws Exception {
    // the remote side: a workflow whose step is a person's (the A2A task goes input-required)
    f.write(
        "release.yaml",
        """
        name: release
        inputs: { version: { required: true } }
        agents:
          owner: { human: true, role: Release Owner }
        phases:
          - name: approve
            mode: sequential
            steps:
              - { id: sign-off, agent: owner, task: "Which date should {{inputs.version}} ship on?" }
        """);
    Path caller = dir.resolve("caller");
    java.nio.file.Files.createDirectories(caller);
    java.nio.file.Files.writeString(
        caller.resolve("ask.yaml"),
        """
        name: ask
        agents:
          remote:
            http: { url: "%s/a2a/release", protocol: a2a, token: "${secret:A2A_TOKEN}" }
        phases:
          - name: plan
            mode: sequential
            steps:
              - { id: schedule, agent: remote, task: "2.0" }
        """
            .formatted(f.server.uri()));
    try (JournalStore store = Stores.sqlite(caller.resolve("caller.db"), Clock.systemUTC());
        Baton baton =
            Baton.builder()
                .store(store)
                .stateDir(caller)
                .commandPoll(Duration.ofMillis(100))
                // answering a human task needs a token that may decide (and start: admin)
                .secrets(
                    new EnvironmentSecrets(
                        Map.of("A2A_TOKEN", f.token.get(Role.ADMIN)), Optional.empty()))
                .agentFactory(new HttpAgentFactory())
                .build()) {
      var handle = baton.start(baton.load(caller.resolve("ask.yaml")), Map.of());
      await().atMost(Duration.ofSeconds(60)).until(() -> !store.openHumanTasks().isEmpty());
      HumanTask asked = store.openHumanTasks().getFirst();
      assertThat(asked.run()).isEqualTo(handle.id());
      assertThat(asked.kind()).isEqualTo(TaskKind.INPUT);
      assertThat(asked.question())
          .isEqualTo("The remote agent remote asks: Which date should 2.0 ship on?");
      assertThat(baton.state(handle.id()).orElseThrow().status()).isEqualTo(RunStatus.WAITING);
      // the remote run waits on its own person's task meanwhile
      assertThat(f.store.openHumanTasks())
          .singleElement()
          .satisfies(t -> assertThat(t.question()).isEqualTo("Which date should 2.0 ship on?"));

      baton.submit(
          new RunCommand(
              0,
              handle.id(),
              CommandKind.DECIDE,
              asked.id(),
              "approve",
              List.of(),
              "ada",
              "the 14th of December",
              Instant.now()));
      RunState end = handle.await();

      assertThat(end.status()).as("%s", end.endReason()).isEqualTo(RunStatus.SUCCEEDED);
      // the remote person's step took the answer as its note: it came back as the output
      assertThat(end.step("schedule").orElseThrow().output())
          .isEqualTo(
              Map.of(
                  "sign-off",
                  Map.of("decision", "approve", "by", "admin", "note", "the 14th of December")));
      List<Event> events = store.read(handle.id(), 0).stream().map(e -> e.event()).toList();
      assertThat(events)
          .anySatisfy(e ->
              assertThat(e)
                  .isInstanceOfSatisfying(
                      Event.HumanTaskOpened.class,
                      o -> assertThat(o.cause()).isEqualTo(TaskCause.INPUT)))
          .anySatisfy(e ->
              assertThat(e)
                  .isInstanceOfSatisfying(
                      Event.HumanTaskResolved.class,
                      r -> assertThat(r.note()).isEqualTo("the 14th of December")));
      // one remote run: the answer went to the same task
      assertThat(f.store.runs()).singleElement().extracting(r -> r.workflow()).isEqualTo("release");
    }
  }

  @Test
  void answering_over_a2a_needs_a_token_that_may_decide() throws Exception {
    String answer =
        """
        {"jsonrpc": "2.0", "id": 9, "method": "message/send", "params": {"message": {
          "kind": "message", "role": "user", "messageId": "a-1", "taskId": "nope",
          "parts": [{"kind": "text", "text": "yes"}]}}}
        """;
    assertThat(f.post("/a2a", f.token.get(Role.OPERATOR), answer).statusCode()).isEqualTo(403);
    assertThat(rpcError(answer.replace("\"nope\"", "\"nope\""), Role.APPROVER)).isEqualTo(-32001);
  }

  private int rpcError(String body, Role role) throws Exception {
    return ServerFixture.json(f.post("/a2a", f.token.get(role), body))
        .path("error")
        .path("code")
        .asInt();
  }

  private int rpcError(String body) throws Exception {
    return ServerFixture.json(f.post("/a2a/hello", f.token.get(Role.OPERATOR), body))
        .path("error")
        .path("code")
        .asInt();
  }
}
