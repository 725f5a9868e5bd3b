package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.journal.AgentStatus;
import dev.baton.journal.EventCodec;
import dev.baton.journal.HumanTask;
import dev.baton.journal.JournalEntry;
import dev.baton.journal.LeaseOwner;
import dev.baton.journal.RunCommand;
import dev.baton.journal.TaskKind;
import dev.baton.metrics.Alert;
import dev.baton.run.RunStatus;
import dev.baton.run.RunSummary;
import dev.baton.store.JournalStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The store as a command sees it through {@code baton serve}'s API: runs, journals, the inbox and
 * alerts are read from the server's documents, cancels and decisions are sent as its requests. The
 * commands fold and print what they read exactly as they do from a store of their own, so their
 * output is the same. What only the process that owns a store may do (append, leases, pruning) is
 * refused as a usage error.
 */
final class ServerStore implements JournalStore {
  private final Remote remote;

  ServerStore(Remote remote) {
    this.remote = remote;
  }

  @Override
  public List<RunSummary> runs() {
    List<RunSummary> out = new ArrayList<>();
    for (JsonNode n : remote.get("/api/v1/runs")) out.add(summary(n));
    return out;
  }

  /** The node executing each run, as the server shows it ({@code node} of its runs). */
  @Override
  public java.util.Map<String, String> leaseHolders() {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (JsonNode n : remote.get("/api/v1/runs"))
      text(n, "node").ifPresent(node -> out.put(n.path("run").asText(), node));
    return out;
  }

  /** The node executing {@code run}, from its summary ({@code GET /api/v1/runs/ID/summary}). */
  @Override
  public Optional<String> leaseHolder(String run) {
    if (!RUN_ID.matcher(run).matches()) return Optional.empty();
    return remote
        .find("/api/v1/runs/" + Remote.encode(run) + "/summary")
        .flatMap(n -> text(n, "node"));
  }

  /** One run's summary ({@code GET /api/v1/runs/ID/summary}), not the list of every run. */
  @Override
  public Optional<RunSummary> run(String run) {
    if (!RUN_ID.matcher(run).matches()) return Optional.empty();
    return remote.find("/api/v1/runs/" + Remote.encode(run) + "/summary").map(ServerStore::summary);
  }

  /** The journal after {@code afterSeq}, as the server's JSON lines; none for an unknown run. */
  @Override
  public List<JournalEntry> read(String run, long afterSeq) {
    if (!RUN_ID.matcher(run).matches()) return List.of();
    String text =
        remote
            .findText("/api/v1/runs/" + Remote.encode(run) + "/events?after=" + afterSeq)
            .orElse("");
    List<JournalEntry> out = new ArrayList<>();
    for (String line : text.split("\n")) if (!line.isBlank()) out.add(entry(run, line));
    return out;
  }

  private static final java.util.regex.Pattern RUN_ID =
      java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

  /** One line of {@code events --json}: {@code seq}, {@code run}, {@code time}, the event. */
  static JournalEntry entry(String run, String line) {
    try {
      JsonNode n = Json.MAPPER.readTree(line);
      return new JournalEntry(
          run,
          n.path("seq").asLong(),
          Instant.parse(n.path("time").asText()),
          EventCodec.decode(line));
    } catch (java.io.IOException | RuntimeException e) {
      throw new dev.baton.BatonException("the server sent a journal line Baton cannot read: " + e);
    }
  }

  /**
   * The runs the server listed as neither paused nor finished, so that {@code runs} through a
   * server shows what it shows on the store.
   */
  @Override
  public java.util.Set<String> executing(java.util.Collection<String> runs) {
    java.util.Set<String> paused = new java.util.HashSet<>();
    for (JsonNode n : remote.get("/api/v1/runs"))
      if (RunSummary.PAUSED.equals(n.path("state").asText())) paused.add(n.path("run").asText());
    return runs.stream()
        .filter(r -> !paused.contains(r))
        .collect(java.util.stream.Collectors.toSet());
  }

  private static RunSummary summary(JsonNode n) {
    String state = n.path("state").asText();
    return new RunSummary(
        n.path("run").asText(),
        n.path("workflow").asText(),
        // PAUSED: a RUNNING (or PENDING) run that no process executes
        RunSummary.PAUSED.equals(state) ? RunStatus.RUNNING : RunStatus.valueOf(state),
        n.path("priority").asText(),
        text(n, "primary"),
        Instant.parse(n.path("started").asText()),
        text(n, "ended").map(Instant::parse));
  }

  @Override
  public List<HumanTask> openHumanTasks() {
    List<HumanTask> out = new ArrayList<>();
    for (JsonNode n : remote.get("/api/v1/tasks"))
      out.add(
          new HumanTask(
              n.path("id").asText(),
              n.path("run").asText(),
              TaskKind.of(n.path("kind").asText()).orElse(TaskKind.ESCALATION),
              n.path("question").asText(),
              List.of(Json.MAPPER.convertValue(n.path("options"), String[].class)),
              Instant.parse(n.path("opened").asText()),
              Optional.empty()));
    return out;
  }

  /** An open task; the server says itself when a decision comes for one already decided. */
  @Override
  public Optional<HumanTask> humanTask(String id) {
    return openHumanTasks().stream().filter(t -> t.id().equals(id)).findFirst();
  }

  /** Cancels and decisions go to the server's routes, which queue them the same way. */
  @Override
  public long submit(RunCommand c) {
    var body = Json.MAPPER.createObjectNode().put("by", c.by()).put("note", c.note());
    switch (c.kind()) {
      case CANCEL -> remote.post("/api/v1/runs/" + Remote.encode(c.run()) + "/cancel", body);
      case DECIDE -> {
        body.put("action", c.action());
        body.set("args", Json.MAPPER.valueToTree(c.args()));
        remote.post("/api/v1/tasks/" + Remote.encode(c.task()) + "/decision", body);
      }
      default -> throw Context.notThroughServer();
    }
    return 0;
  }

  @Override
  public List<Alert> alerts() {
    List<Alert> out = new ArrayList<>();
    for (JsonNode n : remote.get("/api/v1/alerts")) {
      Optional<String> step = text(n, "step").or(() -> text(n, "phase"));
      out.add(
          new Alert(
              n.path("id").asText(),
              n.path("rule").asText(),
              new Alert.Subject(text(n, "agent"), text(n, "taskType"), text(n, "run"), step),
              "open".equals(n.path("state").asText()),
              n.path("value").asDouble(),
              n.path("threshold").asDouble(),
              n.path("message").asText(),
              Instant.parse(n.path("raised").asText()),
              text(n, "resolved").map(Instant::parse)));
    }
    return out;
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  // ---- what only the store's own processes do ----------------------------------------------

  @Override
  public CompletableFuture<Void> append(Append append) {
    throw Context.notThroughServer();
  }

  @Override
  public List<String> unfinishedRuns() {
    throw Context.notThroughServer();
  }

  @Override
  public String acquireLease(String run, LeaseOwner owner, Instant until) {
    throw Context.notThroughServer();
  }

  @Override
  public void renewLeases(LeaseOwner owner, Instant until) {
    throw Context.notThroughServer();
  }

  @Override
  public void releaseLease(String run, LeaseOwner owner) {
    throw Context.notThroughServer();
  }

  @Override
  public List<RunCommand> pendingCommands(List<String> runs) {
    throw Context.notThroughServer();
  }

  @Override
  public void completeCommand(long id) {
    throw Context.notThroughServer();
  }

  @Override
  public List<AgentStatus> agentStatuses() {
    throw Context.notThroughServer();
  }

  @Override
  public List<dev.baton.metrics.AgentMetrics> metrics(long sinceMinute) {
    throw Context.notThroughServer();
  }

  @Override
  public int prune(Instant endedBefore) {
    throw Context.notThroughServer();
  }

  @Override
  public void close() {}
}
