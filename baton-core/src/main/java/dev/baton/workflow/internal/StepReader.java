package dev.baton.workflow.internal;

import dev.baton.workflow.AgentRef;
import dev.baton.workflow.Expression;
import dev.baton.workflow.ResourceClaim;
import dev.baton.workflow.Rollback;
import dev.baton.workflow.StepSpec;
import dev.baton.workflow.Success;
import dev.baton.workflow.Template;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads one step (docs/workflow-language.md "Steps"). */
final class StepReader {
  static final List<String> KEYS =
      List.of(
          "id",
          "agent",
          "agents",
          "requires",
          "task",
          "estimate",
          "timeout",
          "retries",
          "retryDelay",
          "when",
          "success",
          "rollback",
          "resources",
          "assigns",
          "isolation",
          "escalateWhen");
  private static final Pattern RESOURCE = Pattern.compile("[a-z0-9][a-z0-9._-]*(:shared)?");

  /**
   * Where a step stands: its phase, whether {@code item} exists, and the steps that ran before it.
   */
  record Context(String phase, boolean item, Set<String> visible) {}

  private final Problems problems;
  private final Checks checks;

  StepReader(Problems problems, Checks checks) {
    this.problems = problems;
    this.checks = checks;
  }

  Optional<StepSpec> read(Node node, Context ctx) {
    String label =
        node instanceof Node.MapNode m
            ? m.get("id")
                .filter(Node.Scalar.class::isInstance)
                .map(n -> "step '" + ((Node.Scalar) n).text() + "'")
                .orElse("a step of phase '" + ctx.phase() + "'")
            : "a step of phase '" + ctx.phase() + "'";
    Optional<Fields> of = Fields.of(node, problems, label, KEYS);
    if (of.isEmpty()) return Optional.empty();
    Fields f = of.get();
    Optional<String> id = f.name("id", "build");
    String self = id.orElse("");
    AgentRef agent = agent(f, label);
    List<String> requires = f.strings("requires");
    if (agent instanceof AgentRef.Routed
        && requires.isEmpty()
        && !f.has("agent")
        && !f.has("agents")) {
      problems.at(
          f.map(),
          label
              + " needs 'agent' (a name, primary, supporting or meta), 'agents: [a, b]', or 'requires: [capability]' to be routed");
    }
    Template task =
        f.scalar("task")
            .flatMap(s -> template(s, "'task' of " + label, ctx, self, false))
            .orElse(Template.literal(""));
    Optional<Duration> estimate = f.duration("estimate");
    Optional<Duration> timeout = f.duration("timeout");
    int retries = f.integer("retries", 0).orElse(0);
    Duration retryDelay = f.duration("retryDelay").orElse(Duration.ofSeconds(1));
    Optional<Expression> when =
        f.scalar("when")
            .flatMap(s ->
                CelCompiler.compile(
                    s,
                    s.text(),
                    "'when' of " + label,
                    CelCompiler.Yields.BOOL,
                    ctx.item(),
                    problems));
    Success success = f.node("success").map(n -> success(n, label, ctx, self)).orElse(Success.NONE);
    Optional<Rollback> rollback = f.node("rollback").flatMap(n -> rollback(n, label, ctx, self));
    List<ResourceClaim> resources = new ArrayList<>();
    for (Node.Scalar s : f.scalars("resources")) {
      if (RESOURCE.matcher(s.text()).matches()) {
        resources.add(
            new ResourceClaim(s.text().replaceFirst(":shared$", ""), s.text().endsWith(":shared")));
      } else {
        problems.at(
            s,
            "'"
                + s.text()
                + "' is not a resource: write a name such as 'db' (exclusive) or 'db:shared'");
      }
    }
    boolean assigns = f.word("assigns", Set.of("primary"), List.of("primary")).isPresent();
    boolean branch = f.word("isolation", Set.of("branch"), List.of("branch")).isPresent();
    List<String> escalateWhen = f.strings("escalateWhen");
    if (id.isEmpty()) return Optional.empty();
    return Optional.of(
        new StepSpec(
            id.get(),
            agent,
            requires,
            task,
            estimate,
            timeout,
            retries,
            retryDelay,
            when,
            success,
            rollback,
            resources,
            assigns,
            branch,
            escalateWhen));
  }

  private AgentRef agent(Fields f, String label) {
    if (f.has("agent") && f.has("agents")) {
      problems.at(
          f.entry("agents").orElseThrow(),
          label
              + " has both 'agent' and 'agents': use 'agent' for one agent, 'agents: [a, b]' to fan out");
    }
    if (f.has("agents")) {
      List<Node.Scalar> names = f.scalars("agents");
      if (names.isEmpty() && f.node("agents").orElseThrow() instanceof Node.ListNode) {
        problems.at(
            f.node("agents").orElseThrow(),
            "'agents' of " + label + " is empty: name at least one agent");
      }
      for (Node.Scalar s : names) checks.agent(s.text(), s, label);
      return new AgentRef.Each(names.stream().map(Node.Scalar::text).toList());
    }
    return f.scalar("agent")
        .<AgentRef>map(s ->
            switch (s.text()) {
              case "primary" -> new AgentRef.Primary();
              case "supporting" -> new AgentRef.Supporting();
              default -> {
                checks.agent(s.text(), s, label);
                yield new AgentRef.Named(s.text());
              }
            })
        .orElse(new AgentRef.Routed());
  }

  Optional<Template> template(
      Node.Scalar s, String what, Context ctx, String self, boolean selfAllowed) {
    try {
      TextTemplate t = TextTemplate.parse(s.text());
      checks.templates.add(
          new Checks.TemplateUse(t, s, what, ctx.visible(), self, selfAllowed, ctx.item()));
      return Optional.of(t);
    } catch (IllegalArgumentException e) {
      problems.at(
          s.line(), problems.columnOf(s, "{{"), "bad template in " + what + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  private Success success(Node n, String label, Context ctx, String self) {
    if (n instanceof Node.Scalar s && !s.isNull()) return new Success(s.text(), List.of());
    return Fields.of(n, problems, "'success' of " + label, List.of("criteria", "check"))
        .map(f -> {
          List<Node.Scalar> argv = f.scalars("check");
          argv.forEach(a -> template(a, "'check' of " + label, ctx, self, true));
          List<String> check = argv.stream().map(Node.Scalar::text).toList();
          if (f.has("check") && check.isEmpty())
            problems.at(
                f.node("check").orElseThrow(),
                "'check' needs a command, e.g. check: [./bench.sh, --compare]");
          return new Success(f.text("criteria").orElse(""), check);
        })
        .orElse(Success.NONE);
  }

  private Optional<Rollback> rollback(Node n, String label, Context ctx, String self) {
    String what = "'rollback' of " + label;
    if (n instanceof Node.Scalar s && !s.isNull())
      return template(s, what, ctx, self, true).map(Rollback.SameAgent::new);
    Optional<Fields> of = Fields.of(n, problems, what, List.of("agent", "task", "run"));
    if (of.isEmpty()) return Optional.empty();
    Fields f = of.get();
    if (f.has("run")) {
      if (f.has("agent") || f.has("task"))
        problems.at(
            f.entry("run").orElseThrow(),
            what + " is either {run: [argv]} or {agent, task}, not both");
      List<Node.Scalar> run = f.scalars("run");
      run.forEach(a -> template(a, what, ctx, self, true));
      List<String> argv = run.stream().map(Node.Scalar::text).toList();
      if (argv.isEmpty())
        problems.at(
            f.node("run").orElseThrow(), what + " needs a command, e.g. run: [./scripts/undo.sh]");
      return argv.isEmpty() ? Optional.empty() : Optional.of(new Rollback.Command(argv));
    }
    Optional<Template> task =
        f.required("task", "Undo the change")
            .flatMap(t -> f.scalar("task"))
            .flatMap(s -> template(s, what, ctx, self, true));
    Optional<Node.Scalar> agent = f.required("agent", "devops").flatMap(a -> f.scalar("agent"));
    agent.ifPresent(a -> checks.agent(a.text(), a, what));
    if (task.isEmpty() || agent.isEmpty()) return Optional.empty();
    return Optional.of(new Rollback.OtherAgent(agent.get().text(), task.get()));
  }
}
