package dev.baton.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.baton.agent.LlmCall;
import dev.baton.agent.Secrets;
import dev.baton.journal.EventCodec;
import dev.baton.llm.internal.ChatModels;
import dev.baton.llm.internal.MetaAttempt;
import dev.baton.llm.internal.ModelCalls;
import dev.baton.meta.Decision;
import dev.baton.meta.DeterministicMetaPolicy;
import dev.baton.meta.FailureReport;
import dev.baton.meta.MetaPolicy;
import dev.baton.meta.Triage;
import dev.baton.meta.TriageExample;
import dev.baton.meta.TriageRequest;
import dev.baton.meta.Triager;
import dev.baton.workflow.AgentSpec;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The meta agent backed by a chat model (docs/agent-protocols.md, §3.6): when a workflow sets
 * {@code meta: {llm: …}}, the model is given the same facts as the rules — the failure, the
 * attempts so far, the agents with their capabilities and success rates; for triage the report, the
 * team's profiles and the learned examples — and answers a JSON decision with its reasoning, which
 * is validated here (and again by the engine). A model that cannot be called, does not answer in
 * time, or answers something unusable leaves the decision to Baton's rules, and the decision's
 * reason says so: it is journaled with the decision ({@code Replanned}, {@code PrimaryAssigned}).
 * Without {@code meta: {llm}} the rules decide alone.
 */
public final class LlmMetaPolicy implements MetaPolicy {
  /** How long the meta agent waits for its model when {@code llm.timeout} is not set. */
  public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(60);

  private static final Pattern STEP_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final int QUOTE = 300;

  private final Secrets secrets;
  private final MetaPolicy rules;
  private final long firstRetryDelayMillis;

  /** Resolves the model's {@code apiKey} and {@code baseUrl} with {@code secrets}. */
  public LlmMetaPolicy(Secrets secrets) {
    this(secrets, new DeterministicMetaPolicy(), 500);
  }

  LlmMetaPolicy(Secrets secrets, MetaPolicy rules, long firstRetryDelayMillis) {
    this.secrets = secrets;
    this.rules = rules;
    this.firstRetryDelayMillis = firstRetryDelayMillis;
  }

  /** Raised when the model's answer cannot be used; its message says why. */
  static final class Unusable extends Exception {
    private static final long serialVersionUID = 1L;

    Unusable(String why) {
      super(why);
    }
  }

  // ---- re-planning --------------------------------------------------------------------------

  @Override
  public Decision replan(FailureReport failure) {
    return replan(failure, c -> {});
  }

  @Override
  public Decision replan(FailureReport f, Consumer<LlmCall> calls) {
    Optional<AgentSpec.Llm> llm = llmOf(f.agents().get(AgentSpec.META));
    if (llm.isEmpty()) return rules.replan(f);
    String answer = null;
    try {
      answer = ask(llm.get(), f.run(), f.step(), SYSTEM_REPLAN, replanFacts(f), calls);
      return decision(parse(answer), f, modelName(llm.get()));
    } catch (Unusable | ModelCalls.Failed | ModelCalls.Cancelled e) {
      Decision d = rules.replan(f);
      String why = why(e, answer);
      String reason = "the meta model gave no usable decision (" + why + "); the rules: ";
      return switch (d) {
        case Decision.Retry r -> new Decision.Retry(reason + r.reason());
        case Decision.Reassign r -> new Decision.Reassign(r.agent(), reason + r.reason());
        case Decision.Amend a -> new Decision.Amend(a.steps(), reason + a.reason());
        case Decision.Escalate x -> new Decision.Escalate(reason + x.reason());
      };
    }
  }

  private static final String SYSTEM_REPLAN =
      "You are the meta agent of Baton, which coordinates a team of specialist agents through a"
          + " workflow. A step of a phase failed and the phase was rolled back; decide how to"
          + " re-plan. Answer with exactly one JSON object and no text around it.";

  private static String replanFacts(FailureReport f) {
    ObjectNode n = EventCodec.mapper().createObjectNode();
    n.put("phase", f.phase());
    n.put("failedStep", f.step());
    n.put("task", f.task());
    n.put("agent", f.agent());
    n.put("error", f.error());
    n.put("attempts", f.attempts());
    n.put("replan", f.replan());
    n.put("maxReplans", f.maxReplans());
    n.set("requires", EventCodec.mapper().valueToTree(f.requires()));
    ArrayNode agents = n.putArray("agents");
    for (AgentSpec a : f.agents().values()) {
      if (a.kind() instanceof AgentSpec.Meta) continue;
      ObjectNode x = agents.addObject();
      x.put("name", a.name());
      x.put("role", a.role());
      x.put("kind", a.kind().word());
      x.set("capabilities", EventCodec.mapper().valueToTree(a.capabilities()));
      double rate = f.successRates().getOrDefault(a.name(), -1.0);
      if (rate >= 0) x.put("successRate", Math.round(rate * 100) / 100.0);
    }
    return "The failure:\n"
        + pretty(n)
        + "\n\nDecide one of:\n"
        + "- \"retry\": the same step with the same agent, told why it failed;\n"
        + "- \"reassign\": the same step with another agent that has every capability in"
        + " \"requires\";\n"
        + "- \"amend\": insert steps performed before the failed step is retried (e.g. a fix-up"
        + " by another agent);\n"
        + "- \"escalate\": a person decides.\n"
        + "Reply with one JSON object:\n"
        + "{\"decision\": \"retry|reassign|amend|escalate\", \"agent\": \"for reassign\","
        + " \"steps\": [{\"id\": \"lowercase-id\", \"agent\": \"name\", \"task\": \"what to"
        + " do\"}], \"reasoning\": \"why, in one or two sentences\"}";
  }

  private static Decision decision(JsonNode n, FailureReport f, String model) throws Unusable {
    String word = text(n, "decision").toLowerCase(Locale.ROOT);
    String reasoning = text(n, "reasoning");
    if (reasoning.isEmpty()) reasoning = text(n, "reason");
    if (reasoning.isEmpty()) throw new Unusable("no \"reasoning\"");
    String reason = "meta model " + model + ": " + reasoning;
    return switch (word) {
      case "retry" -> new Decision.Retry(reason);
      case "escalate" -> new Decision.Escalate(reason);
      case "reassign" -> reassign(n, f, reason);
      case "amend" -> amend(n, f, reason);
      default ->
          throw new Unusable(
              "\"decision\" is '" + word + "', not one of retry, reassign, amend, escalate");
    };
  }

  private static Decision reassign(JsonNode n, FailureReport f, String reason) throws Unusable {
    String agent = text(n, "agent");
    AgentSpec a = f.agents().get(agent);
    if (agent.isEmpty()) throw new Unusable("reassign names no \"agent\"");
    if (a == null || a.kind() instanceof AgentSpec.Meta)
      throw new Unusable("reassign to '" + agent + "', who is not an agent of the run");
    if (agent.equals(f.agent()))
      throw new Unusable("reassign to '" + agent + "', who just failed the step");
    if (!a.capabilities().containsAll(f.requires()))
      throw new Unusable("reassign to '" + agent + "', who lacks " + f.requires());
    return new Decision.Reassign(agent, reason);
  }

  private static Decision amend(JsonNode n, FailureReport f, String reason) throws Unusable {
    JsonNode steps = n.path("steps");
    if (!steps.isArray() || steps.isEmpty())
      throw new Unusable("amend without \"steps\" to insert");
    List<Decision.AmendedStep> out = new ArrayList<>();
    for (JsonNode s : steps) {
      String id = text(s, "id");
      String agent = text(s, "agent");
      String task = text(s, "task");
      if (!STEP_ID.matcher(id).matches())
        throw new Unusable("amended step id '" + id + "' is not [a-z0-9][a-z0-9-]*");
      AgentSpec a = f.agents().get(agent);
      if (a == null || a.kind() instanceof AgentSpec.Meta)
        throw new Unusable("amended step " + id + " names '" + agent + "', not an agent");
      if (task.isBlank()) throw new Unusable("amended step " + id + " has no \"task\"");
      out.add(new Decision.AmendedStep(id, agent, task));
    }
    return new Decision.Amend(out, reason);
  }

  // ---- triage ------------------------------------------------------------------------------

  @Override
  public Triage triage(TriageRequest request, Triager rules) {
    return triage(request, rules, c -> {});
  }

  @Override
  public Triage triage(TriageRequest request, Triager triager, Consumer<LlmCall> calls) {
    Optional<AgentSpec.Llm> llm = llmOf(request.meta());
    if (llm.isEmpty() || request.team().isEmpty()) return triager.triage(request);
    String answer = null;
    try {
      answer = ask(llm.get(), "", "triage", SYSTEM_TRIAGE, triageFacts(request), calls);
      return lead(parse(answer), request, modelName(llm.get()));
    } catch (Unusable | ModelCalls.Failed | ModelCalls.Cancelled e) {
      Triage t = triager.triage(request);
      List<String> reasons = new ArrayList<>();
      reasons.add(
          "the meta model gave no usable answer (" + why(e, answer) + "); the rules decided");
      reasons.addAll(t.reasons());
      return switch (t) {
        case Triage.Lead l -> new Triage.Lead(l.agent(), l.candidates(), reasons);
        case Triage.Ask a -> new Triage.Ask(a.candidates(), reasons);
      };
    }
  }

  private static final String SYSTEM_TRIAGE =
      "You are the meta agent of Baton, which coordinates a team of specialist agents. Read the"
          + " report and decide which agent of the team should lead the work. Answer with exactly"
          + " one JSON object and no text around it.";

  private static String triageFacts(TriageRequest r) {
    ObjectNode n = EventCodec.mapper().createObjectNode();
    n.put("report", r.report());
    ArrayNode team = n.putArray("team");
    for (AgentSpec a : r.team()) {
      ObjectNode x = team.addObject();
      x.put("name", a.name());
      x.put("profile", a.profileText());
    }
    ArrayNode examples = n.putArray("pastDecisions");
    for (TriageExample e : r.examples().stream().limit(20).toList()) {
      ObjectNode x = examples.addObject();
      x.put("report", e.report());
      x.put("lead", e.agent());
    }
    return pretty(n)
        + "\n\nReply with one JSON object:\n"
        + "{\"primary\": \"the name of the agent who leads\", \"confidence\": 0.0-1.0,"
        + " \"reasoning\": \"why, in one or two sentences\"}";
  }

  private static Triage lead(JsonNode n, TriageRequest r, String model) throws Unusable {
    String primary = text(n, "primary");
    if (r.team().stream().noneMatch(a -> a.name().equals(primary)))
      throw new Unusable(
          "\"primary\" is '"
              + primary
              + "', not one of "
              + r.team().stream().map(AgentSpec::name).toList());
    String reasoning = text(n, "reasoning");
    if (reasoning.isEmpty()) reasoning = text(n, "reason");
    if (reasoning.isEmpty()) throw new Unusable("no \"reasoning\"");
    double confidence = n.path("confidence").asDouble(1.0);
    if (!(confidence >= 0 && confidence <= 1)) confidence = 1.0;
    List<Triage.Candidate> candidates = new ArrayList<>();
    candidates.add(new Triage.Candidate(primary, confidence));
    int others = r.team().size() - 1;
    for (AgentSpec a : r.team())
      if (!a.name().equals(primary))
        candidates.add(new Triage.Candidate(a.name(), others == 0 ? 0 : (1 - confidence) / others));
    return new Triage.Lead(primary, candidates, List.of("meta model " + model + ": " + reasoning));
  }

  // ---- the model -----------------------------------------------------------------------------

  /** The model's name as called ({@code ${NAME:-default}} resolved). */
  private String modelName(AgentSpec.Llm llm) {
    return secrets.redact(secrets.resolve(llm.model()));
  }

  private static Optional<AgentSpec.Llm> llmOf(AgentSpec meta) {
    return meta != null && meta.kind() instanceof AgentSpec.Meta m ? m.llm() : Optional.empty();
  }

  private String ask(
      AgentSpec.Llm llm,
      String run,
      String step,
      String system,
      String user,
      Consumer<LlmCall> calls)
      throws ModelCalls.Failed, ModelCalls.Cancelled {
    MetaAttempt attempt =
        new MetaAttempt(run, step, secrets, calls, llm.timeout().orElse(DEFAULT_LIMIT));
    try {
      ModelCalls model =
          new ModelCalls(
              llm,
              ChatModels.create(llm, secrets),
              Clock.systemUTC(),
              LlmAgent.MAX_TRIES,
              firstRetryDelayMillis);
      String own = llm.system().map(secrets::resolve).orElse("");
      List<ChatMessage> messages =
          List.of(
              SystemMessage.from(own.isBlank() ? system : own + "\n\n" + system),
              UserMessage.from(user));
      return model.call(messages, attempt);
    } finally {
      attempt.done();
    }
  }

  private static JsonNode parse(String answer) throws Unusable {
    String t = answer == null ? "" : answer.strip();
    int start = t.indexOf('{');
    int end = t.lastIndexOf('}');
    if (start < 0 || end <= start) throw new Unusable("not a JSON object");
    try {
      JsonNode n = EventCodec.mapper().readTree(t.substring(start, end + 1));
      if (!n.isObject()) throw new Unusable("not a JSON object");
      return n;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new Unusable("not valid JSON: " + e.getOriginalMessage());
    }
  }

  private String why(Exception e, String answer) {
    String why =
        e instanceof ModelCalls.Cancelled
            ? "no answer within the meta agent's time limit"
            : e.getMessage();
    if (e instanceof Unusable && answer != null)
      why += ", it answered: " + quote(answer.strip().replaceAll("\\s+", " "));
    return secrets.redact(why);
  }

  private static String quote(String s) {
    return s.length() <= QUOTE ? s : s.substring(0, QUOTE) + "…";
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isTextual() ? v.asText().strip() : "";
  }

  private static String pretty(JsonNode n) {
    try {
      return EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(n);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
