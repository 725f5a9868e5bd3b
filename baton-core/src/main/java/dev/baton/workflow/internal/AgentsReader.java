package dev.baton.workflow.internal;

import dev.baton.workflow.AgentSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads agent definitions (docs/workflow-language.md#agents-file): the agents file, inline {@code
 * agents:}, and {@code specialists}.
 */
final class AgentsReader {
  static final List<String> KINDS = List.of("command", "llm", "http", "human");
  static final List<String> KEYS =
      List.of(
          "role",
          "capabilities",
          "keywords",
          "description",
          "examples",
          "capacity",
          "command",
          "workdir",
          "env",
          "inheritEnv",
          "llm",
          "http",
          "human");
  static final List<String> RESERVED = List.of(AgentSpec.META, "primary", "supporting");
  private static final List<String> LLM_KEYS =
      List.of(
          "provider",
          "model",
          "baseUrl",
          "apiKey",
          "system",
          "temperature",
          "maxTokens",
          "timeout",
          "price");
  private static final List<String> PROVIDERS = List.of("openai", "anthropic", "ollama");
  private static final List<String> HTTP_KEYS = List.of("url", "token", "protocol", "timeout");
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern REFERENCE_BODY =
      Pattern.compile("(secret:)?([A-Za-z_][A-Za-z0-9_]*)(:-[^}]*)?");

  private final Problems problems;
  private final Set<String> invalid;
  private final AgentTemplates templates;

  /**
   * {@code invalid} collects the names of agents defined with problems, so their uses are not
   * reported again; {@code templates} the per-attempt placeholders of command agents.
   */
  AgentsReader(Problems problems, Set<String> invalid, AgentTemplates templates) {
    this.problems = problems;
    this.invalid = invalid;
    this.templates = templates;
  }

  /** Reads {@code agents:} (name → definition) into {@code into}, in file order. */
  void readAgents(Node node, Map<String, AgentSpec> into) {
    if (node instanceof Node.Scalar s && s.isNull()) return;
    if (!(node instanceof Node.MapNode map)) {
      problems.at(
          node,
          "'agents' must be a map of agent names to definitions, e.g. agents: { security: { command: [./security.sh] } }, not "
              + node.kind());
      return;
    }
    for (Node.Entry e : map.entries()) {
      if (RESERVED.contains(e.key())) {
        if (!e.key().equals(AgentSpec.META)) invalid.add(e.key());
        problems.at(
            e,
            "'"
                + e.key()
                + "' is "
                + (e.key().equals(AgentSpec.META)
                    ? "the built-in coordinator and cannot be redefined"
                    : "a reserved word")
                + ": choose another name");
        continue;
      }
      if (!Fields.NAME.matcher(e.key()).matches()) {
        invalid.add(e.key());
        problems.at(
            e,
            "'"
                + e.key()
                + "' is not a valid agent name: use lower-case letters, digits and '-' (e.g. '"
                + Fields.suggestName(e.key())
                + "')");
        continue;
      }
      templates.define(e.key());
      read(e.key(), e.value(), "agent '" + e.key() + "'", KEYS, e.line(), e.column())
          .ifPresentOrElse(a -> into.put(a.name(), a), () -> invalid.add(e.key()));
    }
  }

  /** Reads {@code specialists:} (a list of templates, each with a {@code name}). */
  List<AgentSpec> readSpecialists(Node node) {
    List<AgentSpec> out = new ArrayList<>();
    if (node instanceof Node.Scalar s && s.isNull()) return out;
    if (!(node instanceof Node.ListNode list)) {
      problems.at(
          node,
          "'specialists' must be a list of agent templates, each with a 'name', not "
              + node.kind());
      return out;
    }
    List<String> keys = new ArrayList<>(KEYS);
    keys.add(0, "name");
    for (Node item : list.items()) {
      String name =
          item instanceof Node.MapNode m
              ? m.get("name")
                  .filter(Node.Scalar.class::isInstance)
                  .map(n -> ((Node.Scalar) n).text())
                  .orElse("")
              : "";
      read(
              null,
              item,
              "specialist" + (name.isEmpty() ? "" : " '" + name + "'"),
              keys,
              item.line(),
              item.column())
          .ifPresent(out::add);
    }
    return out;
  }

  private Optional<AgentSpec> read(
      String name, Node node, String what, List<String> keys, int line, int column) {
    Optional<Fields> of = Fields.of(node, problems, what, keys);
    if (of.isEmpty()) return Optional.empty();
    Fields f = of.get();
    Optional<String> named = name != null ? Optional.of(name) : f.name("name", "k8s-specialist");
    checkReferences(f.map());
    String role = f.text("role").orElse("");
    List<String> capabilities = f.strings("capabilities");
    List<String> keywords = f.strings("keywords");
    int capacity = f.integer("capacity", 1).orElse(1);
    List<String> kinds = KINDS.stream().filter(f::has).toList();
    if (kinds.isEmpty()) {
      problems.at(
          line,
          column,
          what
              + " needs exactly one of command, llm, http, human: say how it works, e.g. command: [./agents/my-agent.sh]");
      return Optional.empty();
    }
    if (kinds.size() > 1) {
      problems.at(
          f.entry(kinds.get(1)).orElseThrow(),
          what
              + " has both '"
              + kinds.get(0)
              + "' and '"
              + kinds.get(1)
              + "': an agent is exactly one kind, keep one");
      return Optional.empty();
    }
    for (String only : List.of("workdir", "env", "inheritEnv")) {
      if (!kinds.get(0).equals("command") && f.has(only)) {
        problems.at(
            f.entry(only).orElseThrow(),
            "'" + only + "' applies to command agents only: remove it from " + what);
      }
    }
    Optional<AgentSpec.Kind> kind =
        switch (kinds.get(0)) {
          case "command" -> command(name, f, what);
          case "llm" ->
              llm(f.node("llm").orElseThrow(), "'llm' of " + what).map(AgentSpec.Kind.class::cast);
          case "http" ->
              Fields.of(f.node("http").orElseThrow(), problems, "'http' of " + what, HTTP_KEYS)
                  .flatMap(h -> {
                    Optional<String> protocol =
                        h.has("protocol")
                            ? h.word("protocol", Set.of("json", "a2a"), List.of("json", "a2a"))
                            : Optional.of("json");
                    var timeout = h.duration("timeout");
                    return h.required("url", "https://agents.example/review")
                        .flatMap(n -> h.scalar(n, "'url'"))
                        .flatMap(u ->
                            protocol.map(
                                p -> new AgentSpec.Http(u.text(), h.text("token"), p, timeout)));
                  });
          default ->
              f.bool("human")
                  .flatMap(h -> {
                    if (h) return Optional.of(new AgentSpec.Human());
                    problems.at(
                        f.node("human").orElseThrow(),
                        "'human: false' says nothing: write 'human: true' for a person, or use command, llm or http");
                    return Optional.empty();
                  });
        };
    if (named.isEmpty()) return Optional.empty();
    AgentSpec.Profile profile =
        new AgentSpec.Profile(f.text("description").orElse(""), f.strings("examples"));
    return kind.map(
        k -> new AgentSpec(named.get(), role, capabilities, keywords, capacity, k, profile));
  }

  /** An {@code llm:} definition: {@code meta: {llm: …}} reads it too. */
  Optional<AgentSpec.Llm> llm(Node node, String what) {
    return Fields.of(node, problems, what, LLM_KEYS)
        .flatMap(l -> {
          Optional<String> provider =
              l.required("provider", "openai")
                  .flatMap(n -> l.word("provider", Set.copyOf(PROVIDERS), PROVIDERS));
          Optional<String> model =
              l.required("model", "gpt-4.1")
                  .flatMap(n -> l.scalar(n, "'model'"))
                  .map(Node.Scalar::text);
          Optional<Double> temperature =
              l.has("temperature") ? l.number("temperature", 0) : Optional.empty();
          Optional<Integer> maxTokens =
              l.has("maxTokens") ? l.integer("maxTokens", 1) : Optional.empty();
          var timeout = l.duration("timeout");
          Optional<AgentSpec.Price> price =
              l.node("price")
                  .flatMap(n ->
                      Fields.of(
                          n,
                          problems,
                          "'price' of " + what,
                          List.of("inputPerMTok", "outputPerMTok")))
                  .map(p ->
                      new AgentSpec.Price(
                          p.number("inputPerMTok", 0).orElse(0.0),
                          p.number("outputPerMTok", 0).orElse(0.0)));
          if (provider.isEmpty() || model.isEmpty()) return Optional.empty();
          return Optional.of(
              new AgentSpec.Llm(
                  provider.get(),
                  model.get(),
                  l.text("baseUrl"),
                  l.text("apiKey"),
                  l.text("system"),
                  temperature,
                  maxTokens,
                  timeout,
                  price));
        });
  }

  private Optional<AgentSpec.Kind> command(String name, Fields f, String what) {
    List<Node.Scalar> argv = f.scalars("command");
    if (argv.isEmpty()) {
      if (f.node("command").orElseThrow() instanceof Node.ListNode
          || (f.node("command").orElseThrow() instanceof Node.Scalar s && s.isNull())) {
        problems.at(
            f.node("command").orElseThrow(),
            "'command' of "
                + what
                + " needs the program and its arguments, e.g. [./agents/demo-agent.sh, security]");
      }
      return Optional.empty();
    }
    for (Node.Scalar s : argv) templates.read(name, s, problems, "'command' of " + what);
    Map<String, String> env = new LinkedHashMap<>();
    f.node("env")
        .ifPresent(n -> {
          if (n instanceof Node.MapNode m) {
            for (Node.Entry e : m.entries())
              f.scalar(e.value(), "'env." + e.key() + "' of " + what)
                  .ifPresent(s -> {
                    templates.read(name, s, problems, "'env." + e.key() + "' of " + what);
                    env.put(e.key(), s.text());
                  });
          } else if (!(n instanceof Node.Scalar s && s.isNull())) {
            problems.at(
                n,
                "'env' of "
                    + what
                    + " must be a map of variable names to values, e.g. env: { LOG_LEVEL: info }");
          }
        });
    List<String> inherit = new ArrayList<>();
    f.node("inheritEnv")
        .ifPresent(n -> {
          if (n instanceof Node.ListNode) {
            for (Node.Scalar variable : f.scalars("inheritEnv")) {
              if (ENV_NAME.matcher(variable.text()).matches()) inherit.add(variable.text());
              else
                problems.at(
                    variable,
                    "'"
                        + variable.text()
                        + "' in 'inheritEnv' of "
                        + what
                        + " is not an environment variable's name (letters, digits, '_')");
            }
          } else if (!(n instanceof Node.Scalar s && s.isNull())) {
            problems.at(
                n,
                "'inheritEnv' of "
                    + what
                    + " must be a list of the names of Baton's environment variables the agent may see, e.g. inheritEnv: [AWS_PROFILE, KUBECONFIG]");
          }
        });
    return Optional.of(
        new AgentSpec.Command(
            argv.stream().map(Node.Scalar::text).toList(), f.text("workdir"), env, inherit));
  }

  /** Checks the syntax of every {@code ${NAME}} and {@code ${secret:NAME}} in a definition. */
  private void checkReferences(Node node) {
    switch (node) {
      case Node.MapNode m -> m.entries().forEach(e -> checkReferences(e.value()));
      case Node.ListNode l -> l.items().forEach(this::checkReferences);
      case Node.Scalar s -> {
        Matcher m = REFERENCE.matcher(s.text());
        int end = 0;
        while (m.find()) {
          Matcher body = REFERENCE_BODY.matcher(m.group(1));
          if (!body.matches()) {
            problems.at(
                s.line(),
                problems.columnOf(s, m.group()),
                "'"
                    + m.group()
                    + "' is not a valid reference: write ${NAME} for an environment variable, ${NAME:-default} for one with a default, or ${secret:NAME} for a secret");
          } else if (body.group(1) == null
              && body.group(3) == null
              && !templates.defined(body.group(2))) {
            problems.at(
                s.line(),
                problems.columnOf(s, m.group()),
                "the environment variable "
                    + body.group(2)
                    + " is not set: set it, or give a default with ${"
                    + body.group(2)
                    + ":-default}");
          }
          end = m.end();
        }
        if (s.text().indexOf("${", end) >= 0) {
          problems.at(
              s.line(),
              problems.columnOf(s, "${"),
              "unclosed '${' : write ${NAME}, ${NAME:-default} or ${secret:NAME}");
        }
      }
    }
  }
}
