package dev.baton.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.meta.EvidenceTriager;
import dev.baton.meta.Examples;
import dev.baton.meta.Triage;
import dev.baton.meta.TriageExample;
import dev.baton.meta.TriageRequest;
import dev.baton.store.JournalStore;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.WorkflowLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code baton meta triage REPORT}: what the meta agent would decide for a report, with its
 * confidence, candidates and reasons, using the examples of the store (when it exists).
 */
@Command(
    name = "triage",
    description = "Show who the meta agent would name primary for a report, and why.")
final class MetaTriageCmd implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "REPORT", description = "the report (- reads stdin)")
  String report;

  @Option(
      names = "--agents",
      paramLabel = "FILE",
      description = "agents file (default: agents.yaml here)")
  Path agents;

  @Option(
      names = "--team",
      split = ",",
      paramLabel = "A,B",
      description = "the agents that may lead (default: every agent of the file but people)")
  List<String> team = new ArrayList<>();

  @Option(
      names = "--json",
      description = "print JSON: {primary, ask, confidence, candidates, reasons}")
  boolean json;

  @Mixin StoreOptions store;

  @Override
  public Integer call() throws Exception {
    String text =
        "-".equals(report)
            ? new String(System.in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
            : report;
    ObjectNode n;
    var remote = store.remote();
    if (remote.isPresent()) {
      // the server reads the agents file from its own folder, as `baton run` through a server does
      Path file = (agents != null ? agents : Path.of("agents.yaml")).normalize();
      if (file.isAbsolute() || file.startsWith(".."))
        throw new UserError(
            "--agents through a server names a file of the server's folder (a relative path)");
      var body = Json.MAPPER.createObjectNode().put("report", text);
      body.put("agents", file.toString().replace('\\', '/'));
      body.set("team", Json.MAPPER.valueToTree(team));
      n = (ObjectNode) remote.get().post("/api/v1/meta/triage", body);
    } else {
      List<AgentSpec> members = team(agents, team);
      String spec = store.spec();
      if (spec.startsWith("jdbc:") || spec.startsWith("postgres") || Files.exists(Path.of(spec))) {
        try (Context ctx = Context.open(store)) {
          n = triage(text, members, Optional.of(ctx.store));
        }
      } else {
        n = triage(text, members, Optional.empty());
      }
    }
    if (json) {
      Json.print(System.out, n);
      return ExitCodes.OK;
    }
    double confidence = n.path("confidence").asDouble();
    System.out.println(
        n.hasNonNull("primary")
            ? String.format(
                Locale.ROOT,
                "primary: %s (confidence %.0f%%)",
                n.path("primary").asText(),
                100 * confidence)
            : String.format(
                Locale.ROOT,
                "unsure (best %.0f%%): a person would be asked who should lead",
                100 * confidence));
    for (var c : n.path("candidates"))
      System.out.printf(
          Locale.ROOT,
          "  %-12s %3.0f%%%n",
          c.path("agent").asText(),
          100 * c.path("confidence").asDouble());
    for (var r : n.path("reasons")) System.out.println("  - " + r.asText());
    return ExitCodes.OK;
  }

  /**
   * The meta agent's triage of {@code text} among {@code members}, with the examples and approved
   * profile keywords of the store (if any), as {@code triage --json} prints it and {@code POST
   * /api/v1/meta/triage} answers it.
   */
  static ObjectNode triage(String text, List<AgentSpec> members, Optional<JournalStore> store) {
    List<TriageExample> examples = List.of();
    if (store.isPresent()) {
      examples = Examples.of(store.get());
      // keywords approved for the agents' profiles (docs/improvement.md), as runs use them
      var approved =
          new dev.baton.improve.ConfigBook(store.get(), java.time.Clock.systemUTC())
              .profileKeywords();
      members =
          members.stream()
              .map(a -> approved.containsKey(a.name()) ? a.withKeywords(approved.get(a.name())) : a)
              .toList();
    }
    Triage t =
        new EvidenceTriager(MetaCmd.embedder(), MetaCmd.askBelow())
            .triage(new TriageRequest(text, members, examples));
    ObjectNode n = Json.MAPPER.createObjectNode();
    if (t instanceof Triage.Lead l) n.put("primary", l.agent());
    else n.put("ask", "Who should lead?");
    n.put("confidence", t.confidence());
    n.set("candidates", Json.MAPPER.valueToTree(t.candidates()));
    n.set("reasons", Json.MAPPER.valueToTree(t.reasons()));
    return n;
  }

  /** The agents that may lead: {@code --team}, else every agent of the file but people. */
  static List<AgentSpec> team(Path agentsFile, List<String> names) {
    Path file = agentsFile != null ? agentsFile : Path.of("agents.yaml");
    if (!Files.isRegularFile(file))
      throw new UserError("no agents file " + file + " (give one with --agents FILE)");
    var all = WorkflowLoader.standard().loadAgents(file).agents();
    List<AgentSpec> out = new ArrayList<>();
    if (names.isEmpty()) {
      for (AgentSpec a : all.values())
        if (!(a.kind() instanceof AgentSpec.Human) && !(a.kind() instanceof AgentSpec.Meta))
          out.add(a);
    } else {
      for (String n : names) {
        AgentSpec a = all.get(n);
        if (a == null) throw new UserError("no agent '" + n + "' in " + file);
        out.add(a);
      }
    }
    return out;
  }
}
