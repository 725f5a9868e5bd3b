package dev.baton.workflow.internal;

import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.EscalationRule;
import dev.baton.workflow.Expression;
import dev.baton.workflow.InputSpec;
import dev.baton.workflow.Phase;
import dev.baton.workflow.Priority;
import dev.baton.workflow.Workflow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the top level of a workflow file (docs/workflow-language.md "Top-level keys") and checks
 * its cross-references.
 */
final class WorkflowReader {
  static final List<String> KEYS =
      List.of(
          "name",
          "description",
          "inputs",
          "team",
          "agents",
          "specialists",
          "priority",
          "budget",
          "constraints",
          "rules",
          "escalation",
          "meta",
          "phases");
  private static final Pattern INPUT = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");
  private static final Pattern WORD = Pattern.compile("[A-Za-z]+");
  private static final List<String> PRIORITIES = List.of("critical", "high", "normal", "low");

  private final Problems problems;
  private final Checks checks = new Checks();

  private final AgentTemplates templates;

  /** The project's meta model ({@code baton.yaml}), for workflows without a {@code meta}. */
  private final Optional<AgentSpec.Llm> projectMeta;

  WorkflowReader(
      Problems problems,
      Set<String> invalidAgents,
      AgentTemplates templates,
      Optional<AgentSpec.Llm> projectMeta) {
    this.problems = problems;
    this.templates = templates;
    this.projectMeta = projectMeta;
    checks.invalidAgents.addAll(invalidAgents);
  }

  /** Reads the workflow; {@code agents} and {@code specialists} already hold the agents file's. */
  Optional<Workflow> read(
      Node root,
      Map<String, AgentSpec> agents,
      List<AgentSpec> specialists,
      Workflow.Sources sources) {
    Optional<Fields> of = Fields.of(root, problems, "the workflow", KEYS);
    if (of.isEmpty()) return Optional.empty();
    Fields f = of.get();
    Optional<String> name = f.name("name", "bug-fix");
    String description = f.text("description").orElse("");
    Map<String, InputSpec> inputs = inputs(f);
    AgentsReader agentsReader = new AgentsReader(problems, checks.invalidAgents, templates);
    f.node("agents").ifPresent(n -> agentsReader.readAgents(n, agents));
    f.node("specialists").ifPresent(n -> specialists.addAll(agentsReader.readSpecialists(n)));
    List<String> team = new ArrayList<>();
    if (f.has("team")) {
      for (Node.Scalar s : f.scalars("team")) {
        checks.agent(s.text(), s, "'team'");
        team.add(s.text());
      }
    } else {
      team.addAll(agents.keySet());
    }
    Expression priority =
        f.scalar("priority").flatMap(this::priority).orElse(constant(Priority.NORMAL.word()));
    Fields.Budget budgets = f.budget("budget");
    var budget = budgets.time();
    List<String> constraints = f.strings("constraints");
    PhaseReader.Rules rules =
        f.node("rules")
            .flatMap(n ->
                Fields.of(n, problems, "'rules'", List.of("onFailure", "maxReplans", "alertAt")))
            .map(PhaseReader::rules)
            .orElse(PhaseReader.Rules.DEFAULT);
    List<EscalationRule> escalation = escalation(f);
    PhaseReader phaseReader = new PhaseReader(problems, checks);
    List<Phase> phases =
        f.required("phases", "[{name: build, mode: sequential, steps: [...]}]")
            .map(n -> phaseReader.read(n, rules))
            .orElse(List.of());
    Map<String, AgentSpec> known = new LinkedHashMap<>(agents);
    Optional<AgentSpec.Llm> metaLlm =
        f.node("meta")
            .flatMap(n -> Fields.of(n, problems, "'meta'", List.of("llm")))
            .flatMap(m ->
                m.required("llm", "{provider: openai, model: gpt-4.1}")
                    .flatMap(n -> agentsReader.llm(n, "'llm' of 'meta'")));
    if (f.node("meta").isEmpty()) metaLlm = projectMeta;
    known.put(AgentSpec.META, AgentSpec.meta(metaLlm));
    checks.run(known, inputs, phaseReader.stepIds(), problems);
    templates.check(checks.used(team), inputs, phaseReader.stepIds());
    if (problems.any() || name.isEmpty() || phases.isEmpty()) return Optional.empty();
    return Optional.of(
        new Workflow(
            name.get(),
            description,
            inputs,
            team,
            known,
            specialists,
            priority,
            budget,
            constraints,
            escalation,
            phases,
            sources,
            budgets.spend()));
  }

  private Map<String, InputSpec> inputs(Fields f) {
    Map<String, InputSpec> inputs = new LinkedHashMap<>();
    Optional<Node> node = f.node("inputs");
    if (node.isEmpty() || (node.get() instanceof Node.Scalar s && s.isNull())) return inputs;
    if (!(node.get() instanceof Node.MapNode map)) {
      problems.at(
          node.get(),
          "'inputs' must be a map of input names, e.g. inputs: { report: { required: true } }, not "
              + node.get().kind());
      return inputs;
    }
    for (Node.Entry e : map.entries()) {
      if (!INPUT.matcher(e.key()).matches()) {
        problems.at(
            e,
            "'"
                + e.key()
                + "' is not a valid input name: use letters, digits, '_' and '-', starting with a letter");
        continue;
      }
      if (e.value() instanceof Node.Scalar s && s.isNull()) {
        inputs.put(e.key(), new InputSpec(e.key(), false, Optional.empty(), ""));
        continue;
      }
      Fields.of(
              e.value(),
              problems,
              "input '" + e.key() + "'",
              List.of("required", "default", "description"))
          .ifPresent(i -> {
            Optional<String> def =
                i.node("default")
                    .filter(n -> !(n instanceof Node.Scalar s && s.isNull()))
                    .flatMap(n -> i.scalar(n, "'default' of input '" + e.key() + "'"))
                    .map(Node.Scalar::text);
            if (i.node("default").isPresent()
                && i.node("default").get() instanceof Node.Scalar s
                && s.isNull()) def = Optional.of("");
            inputs.put(
                e.key(),
                new InputSpec(
                    e.key(),
                    i.bool("required").orElse(false),
                    def,
                    i.text("description").orElse("")));
          });
    }
    return inputs;
  }

  private Optional<Expression> priority(Node.Scalar s) {
    String text = s.text().strip();
    if (WORD.matcher(text).matches()) {
      if (PRIORITIES.contains(text)) return Optional.of(constant(text));
      problems.at(
          s,
          "'"
              + text
              + "' is not a priority: "
              + Suggest.hint(text, PRIORITIES)
              + " (or a CEL expression yielding one)");
      return Optional.empty();
    }
    return CelCompiler.compile(s, text, "'priority'", CelCompiler.Yields.STRING, false, problems);
  }

  private List<EscalationRule> escalation(Fields f) {
    List<EscalationRule> rules = new ArrayList<>();
    Optional<Node> node = f.node("escalation");
    if (node.isEmpty() || (node.get() instanceof Node.Scalar s && s.isNull())) return rules;
    if (!(node.get() instanceof Node.ListNode list)) {
      problems.at(
          node.get(),
          "'escalation' must be a list of rules {when, then, reason}, not " + node.get().kind());
      return rules;
    }
    for (Node item : list.items()) {
      String label = "escalation rule " + (rules.size() + 1);
      Fields.of(item, problems, label, List.of("when", "then", "reason"))
          .ifPresent(r -> {
            Optional<Expression> when =
                r.required("when", "run.elapsed > run.budget")
                    .flatMap(n -> r.scalar("when"))
                    .flatMap(s ->
                        CelCompiler.compile(
                            s,
                            s.text(),
                            "'when' of " + label,
                            CelCompiler.Yields.BOOL,
                            false,
                            problems));
            Optional<EscalationRule.Action> then =
                r.required("then", "human").flatMap(n -> action(n, label));
            String reason = r.text("reason").orElse(when.map(Expression::source).orElse(""));
            if (when.isPresent() && then.isPresent())
              rules.add(new EscalationRule(rules.size(), when.get(), then.get(), reason));
          });
    }
    return rules;
  }

  private Optional<EscalationRule.Action> action(Node n, String label) {
    if (n instanceof Node.Scalar s) {
      return switch (s.text()) {
        case "human" -> Optional.of(new EscalationRule.Action.Human());
        case "alert" -> Optional.of(new EscalationRule.Action.Alert());
        case "abort" -> Optional.of(new EscalationRule.Action.Abort());
        default -> {
          problems.at(
              s,
              "'"
                  + s.text()
                  + "' is not an action of "
                  + label
                  + ": "
                  + Suggest.hint(s.text(), List.of("human", "alert", "abort"))
                  + ", or {primary: AGENT}");
          yield Optional.empty();
        }
      };
    }
    return Fields.of(n, problems, "'then' of " + label, List.of("primary"))
        .flatMap(t -> t.required("primary", "security").flatMap(x -> t.scalar("primary")))
        .map(p -> {
          checks.agent(p.text(), p, label);
          return new EscalationRule.Action.SetPrimary(p.text());
        });
  }

  static Expression constant(String value) {
    return new Expression() {
      @Override
      public String source() {
        return value;
      }

      @Override
      public Object evaluate(Map<String, Object> variables) {
        return value;
      }

      @Override
      public String toString() {
        return value;
      }
    };
  }
}
