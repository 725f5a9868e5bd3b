package dev.baton.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An agent definition from the agents file, inline {@code agents:}, a specialist template, or Java.
 * Values may hold {@code ${NAME}} and {@code ${secret:NAME}} references, resolved only when the
 * agent is started so that secrets never reach the journal.
 *
 * @param profile what the meta agent reads besides role, capabilities and keywords when it triages
 */
public record AgentSpec(
    String name,
    String role,
    List<String> capabilities,
    List<String> keywords,
    int capacity,
    Kind kind,
    Profile profile) {
  /** The name of the built-in coordinator, reserved in every workflow. */
  public static final String META = "meta";

  public AgentSpec {
    if (role == null) role = "";
    capabilities = List.copyOf(capabilities);
    keywords = List.copyOf(keywords);
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
    if (profile == null) profile = Profile.NONE;
  }

  /** An agent without a description or example tasks. */
  public AgentSpec(
      String name,
      String role,
      List<String> capabilities,
      List<String> keywords,
      int capacity,
      Kind kind) {
    this(name, role, capabilities, keywords, capacity, kind, Profile.NONE);
  }

  /**
   * What the agent is for, in words: a description and example tasks it is the right lead for. The
   * meta agent compares reports with them (docs/conflicts.md).
   */
  public record Profile(String description, List<String> examples) {
    public static final Profile NONE = new Profile("", List.of());

    public Profile {
      if (description == null) description = "";
      examples = List.copyOf(examples);
    }
  }

  /** This agent with {@code extra} keywords after its own (those it has already left out). */
  public AgentSpec withKeywords(List<String> extra) {
    List<String> all = new java.util.ArrayList<>(keywords);
    for (String k : extra) if (!all.contains(k)) all.add(k);
    return new AgentSpec(name, role, capabilities, all, capacity, kind, profile);
  }

  /** Role, capabilities, keywords, description and example tasks as one text. */
  public String profileText() {
    StringBuilder b = new StringBuilder(role.isEmpty() ? name : role).append(". ");
    if (!capabilities.isEmpty())
      b.append(String.join(", ", capabilities).replace('-', ' ')).append(". ");
    if (!keywords.isEmpty()) b.append(String.join(", ", keywords)).append(". ");
    if (!profile.description().isEmpty()) b.append(profile.description()).append(' ');
    for (String e : profile.examples()) b.append(e).append(' ');
    return b.toString().strip();
  }

  /** How the agent does its work. */
  public sealed interface Kind {
    String word();
  }

  /**
   * A local program, started with an argv (never through a shell), in a clean environment: {@code
   * PATH}, {@code HOME}, {@code LANG}, {@code TERM}, Baton's {@code BATON_*} variables, the names
   * listed in {@code inheritEnv} (taken from Baton's environment), then its own {@code env}.
   */
  public record Command(
      List<String> argv, Optional<String> workdir, Map<String, String> env, List<String> inheritEnv)
      implements Kind {
    public Command {
      argv = List.copyOf(argv);
      env = Map.copyOf(env);
      inheritEnv = List.copyOf(inheritEnv);
    }

    /** A program that inherits nothing beyond the clean environment. */
    public Command(List<String> argv, Optional<String> workdir, Map<String, String> env) {
      this(argv, workdir, env, List.of());
    }

    @Override
    public String word() {
      return "command";
    }
  }

  /**
   * A chat model reached through LangChain4j (docs/agent-protocols.md).
   *
   * @param provider {@code openai} (any OpenAI-compatible server), {@code anthropic} or {@code
   *     ollama}
   * @param timeout how long one call may take (the attempt's timeout bounds retries as a whole)
   * @param price what a million tokens cost, for {@code LlmCalled}'s {@code costUsd}
   */
  public record Llm(
      String provider,
      String model,
      Optional<String> baseUrl,
      Optional<String> apiKey,
      Optional<String> system,
      Optional<Double> temperature,
      Optional<Integer> maxTokens,
      Optional<Duration> timeout,
      Optional<Price> price)
      implements Kind {
    /** A model with no tuning, timeout or price. */
    public Llm(
        String provider,
        String model,
        Optional<String> baseUrl,
        Optional<String> apiKey,
        Optional<String> system) {
      this(
          provider,
          model,
          baseUrl,
          apiKey,
          system,
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Optional.empty());
    }

    @Override
    public String word() {
      return "llm";
    }
  }

  /** US dollars per million input and output tokens. */
  public record Price(double inputPerMTok, double outputPerMTok) {
    public Price {
      if (inputPerMTok < 0 || outputPerMTok < 0)
        throw new IllegalArgumentException("prices must not be negative");
    }

    /** The cost of one call. */
    public double cost(long inputTokens, long outputTokens) {
      return (inputTokens * inputPerMTok + outputTokens * outputPerMTok) / 1_000_000.0;
    }
  }

  /**
   * A remote agent reached over HTTP (docs/agent-protocols.md).
   *
   * @param protocol {@code json} (POST of the handoff) or {@code a2a} (A2A JSON-RPC)
   */
  public record Http(
      String url, Optional<String> token, String protocol, Optional<Duration> timeout)
      implements Kind {
    public Http {
      if (!protocol.equals("json") && !protocol.equals("a2a"))
        throw new IllegalArgumentException("protocol is json or a2a, not " + protocol);
    }

    /** A plain JSON agent without its own timeout. */
    public Http(String url, Optional<String> token) {
      this(url, token, "json", Optional.empty());
    }

    @Override
    public String word() {
      return "http";
    }
  }

  /** A person: each step becomes a human task. */
  public record Human() implements Kind {
    @Override
    public String word() {
      return "human";
    }
  }

  /** An implementation registered from Java through the {@code Baton} builder. */
  public record InProcess() implements Kind {
    @Override
    public String word() {
      return "in-process";
    }
  }

  /**
   * The built-in coordinator; with {@code llm} (a workflow's {@code meta: {llm: …}}) a chat model
   * proposes its triage and re-planning decisions, Baton's rules being the fallback.
   */
  public record Meta(Optional<Llm> llm) implements Kind {
    public Meta {
      llm = llm == null ? Optional.empty() : llm;
    }

    /** The rules-only coordinator. */
    public Meta() {
      this(Optional.empty());
    }

    @Override
    public String word() {
      return META;
    }
  }

  /**
   * An agent implemented in Java, as {@code Baton.builder().agent(name, agent)} registers it: no
   * role beyond its name, no capabilities, one slot.
   */
  public static AgentSpec inProcess(String name) {
    return new AgentSpec(name, name, List.of(), List.of(), 1, new InProcess());
  }

  /** The built-in coordinator, present in every workflow under the name {@value #META}. */
  public static AgentSpec meta() {
    return meta(Optional.empty());
  }

  /** The built-in coordinator, backed by a chat model when {@code llm} is present. */
  public static AgentSpec meta(Optional<Llm> llm) {
    return new AgentSpec(
        META,
        "Coordinator",
        List.of("triage", "coordination", "planning", "monitoring"),
        List.of(),
        1000,
        new Meta(llm));
  }

  /**
   * A one-off command agent the engine makes for itself: a step's {@code success.check}, a {@code
   * rollback.run} command. It has no role or capabilities, one slot, and starts in {@code workdir}.
   */
  public static AgentSpec command(String name, List<String> argv, String workdir) {
    return new AgentSpec(
        name, "", List.of(), List.of(), 1, new Command(argv, Optional.of(workdir), Map.of()));
  }

  public boolean has(String capability) {
    return capabilities.contains(capability);
  }
}
