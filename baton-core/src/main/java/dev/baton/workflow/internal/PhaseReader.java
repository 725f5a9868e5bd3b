package dev.baton.workflow.internal;

import dev.baton.workflow.Expression;
import dev.baton.workflow.Mode;
import dev.baton.workflow.OnFailure;
import dev.baton.workflow.Phase;
import dev.baton.workflow.StepSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the phases (docs/workflow-language.md "Phases") in order, tracking which steps run before
 * which.
 */
final class PhaseReader {
  static final List<String> KEYS =
      List.of(
          "name",
          "mode",
          "steps",
          "budget",
          "onFailure",
          "maxReplans",
          "requireRollback",
          "foreach",
          "orderBy",
          "alertAt");
  static final List<String> ON_FAILURE =
      Arrays.stream(OnFailure.values()).map(OnFailure::word).toList();

  /** Defaults from {@code rules:} for phases that do not set their own. */
  record Rules(OnFailure onFailure, int maxReplans, double alertAt) {
    static final Rules DEFAULT = new Rules(OnFailure.ROLLBACK_AND_REPLAN, 2, 1.5);
  }

  private final Problems problems;
  private final StepReader steps;
  private final Set<String> done = new LinkedHashSet<>();
  private final Map<String, Node> stepIds = new HashMap<>();
  private final Set<String> phaseNames = new HashSet<>();

  PhaseReader(Problems problems, Checks checks) {
    this.problems = problems;
    this.steps = new StepReader(problems, checks);
  }

  Set<String> stepIds() {
    return stepIds.keySet();
  }

  static Rules rules(Fields f) {
    OnFailure onFailure =
        f.word("onFailure", Set.copyOf(ON_FAILURE), ON_FAILURE)
            .flatMap(OnFailure::of)
            .orElse(Rules.DEFAULT.onFailure());
    return new Rules(
        onFailure,
        f.integer("maxReplans", 0).orElse(Rules.DEFAULT.maxReplans()),
        f.number("alertAt", 1).orElse(Rules.DEFAULT.alertAt()));
  }

  List<Phase> read(Node node, Rules rules) {
    List<Phase> out = new ArrayList<>();
    if (!(node instanceof Node.ListNode list)) {
      problems.at(
          node,
          "'phases' must be a list of phases, e.g. phases: [{name: build, mode: sequential, steps: [...]}], not "
              + node.kind());
      return out;
    }
    if (list.items().isEmpty())
      problems.at(node, "'phases' is empty: a workflow needs at least one phase");
    for (Node item : list.items()) phase(item, rules).ifPresent(out::add);
    return out;
  }

  private Optional<Phase> phase(Node node, Rules rules) {
    String label =
        node instanceof Node.MapNode m
            ? m.get("name")
                .filter(Node.Scalar.class::isInstance)
                .map(n -> "phase '" + ((Node.Scalar) n).text() + "'")
                .orElse("a phase")
            : "a phase";
    Optional<Fields> of = Fields.of(node, problems, label, KEYS);
    if (of.isEmpty()) return Optional.empty();
    Fields f = of.get();
    Optional<String> name = f.name("name", "build");
    name.ifPresent(n -> {
      if (!phaseNames.add(n))
        problems.at(
            f.node("name").orElseThrow(),
            "duplicate phase name '" + n + "': phase names must be unique");
    });
    Optional<Mode> mode =
        f.required("mode", "sequential").isPresent()
            ? f.word("mode", Set.of("parallel", "sequential"), List.of("parallel", "sequential"))
                .map(w -> Mode.valueOf(w.toUpperCase(Locale.ROOT)))
            : Optional.empty();
    Fields.Budget budgets = f.budget("budget");
    Optional<Duration> budget = budgets.time();
    Rules own = rules(f);
    OnFailure onFailure = f.has("onFailure") ? own.onFailure() : rules.onFailure();
    int maxReplans = f.has("maxReplans") ? own.maxReplans() : rules.maxReplans();
    double alertAt = f.has("alertAt") ? own.alertAt() : rules.alertAt();
    boolean requireRollback = f.bool("requireRollback").orElse(false);
    boolean dynamic = f.has("foreach");
    Optional<Expression> foreach =
        f.scalar("foreach")
            .flatMap(s ->
                CelCompiler.compile(
                    s,
                    s.text(),
                    "'foreach' of " + label,
                    CelCompiler.Yields.LIST,
                    false,
                    problems));
    boolean descending = false;
    Optional<Expression> orderBy = Optional.empty();
    Optional<Node.Scalar> order = f.scalar("orderBy");
    if (order.isPresent()) {
      if (!dynamic)
        problems.at(
            f.entry("orderBy").orElseThrow(),
            "'orderBy' sorts the steps a 'foreach' makes: add 'foreach' to "
                + label
                + " or remove 'orderBy'");
      String source = order.get().text().strip();
      String lower = source.toLowerCase(Locale.ROOT);
      if (lower.endsWith(" desc") || lower.endsWith(" asc")) {
        descending = lower.endsWith(" desc");
        source = source.substring(0, source.lastIndexOf(' ')).strip();
      }
      orderBy =
          CelCompiler.compile(
              order.get(), source, "'orderBy' of " + label, CelCompiler.Yields.ANY, true, problems);
    }
    boolean sequential = mode.orElse(Mode.PARALLEL) == Mode.SEQUENTIAL;
    List<StepSpec> specs = new ArrayList<>();
    Set<String> visible = new LinkedHashSet<>(done);
    Optional<Node> stepsNode = f.required("steps", "[{id: build, agent: devops, task: Build it}]");
    if (stepsNode.isPresent()) {
      if (!(stepsNode.get() instanceof Node.ListNode list)) {
        problems.at(
            stepsNode.get(),
            "'steps' of " + label + " must be a list of steps, not " + stepsNode.get().kind());
      } else {
        if (list.items().isEmpty())
          problems.at(list, "'steps' of " + label + " is empty: add at least one step");
        if (dynamic && list.items().size() > 1) {
          problems.at(
              list.items().get(1),
              label
                  + " has 'foreach': its 'steps' holds exactly one step template, made once per item");
        }
        for (Node s : list.items()) {
          Optional<StepSpec> step =
              steps.read(s, new StepReader.Context(name.orElse("?"), dynamic, Set.copyOf(visible)));
          if (step.isEmpty()) continue;
          String id = step.get().id();
          Node idNode = ((Node.MapNode) s).get("id").orElseThrow();
          Node first = stepIds.putIfAbsent(id, idNode);
          if (first != null)
            problems.at(
                idNode,
                "duplicate step id '"
                    + id
                    + "' (first at line "
                    + first.line()
                    + "): step ids must be unique in the workflow");
          if (requireRollback && step.get().rollback().isEmpty()) {
            problems.at(
                s,
                label
                    + " has 'requireRollback: true' but step '"
                    + id
                    + "' has no rollback: add 'rollback:' (a task, {agent, task} or {run: [argv]})");
          }
          if (sequential) visible.add(id);
          specs.add(step.get());
        }
      }
    }
    done.addAll(specs.stream().map(StepSpec::id).collect(Collectors.toList()));
    if (name.isEmpty() || mode.isEmpty() || specs.isEmpty()) return Optional.empty();
    return Optional.of(
        new Phase(
            name.get(),
            mode.get(),
            specs,
            budget,
            onFailure,
            maxReplans,
            requireRollback,
            foreach,
            orderBy,
            descending,
            alertAt,
            budgets.spend()));
  }
}
