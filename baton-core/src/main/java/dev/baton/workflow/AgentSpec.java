package dev.baton.workflow;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An agent definition from the agents file, inline {@code agents:}, a specialist template, or Java.
 * Values may hold {@code ${NAME}} and {@code ${secret:NAME}} references, resolved only when the
 * agent is started so that secrets never reach the journal.
 */
public record AgentSpec(
    String name,
    String role,
    List<String> capabilities,
    List<String> keywords,
    int capacity,
    Kind kind) {
  public AgentSpec {
    if (role == null) role = "";
    capabilities = List.copyOf(capabilities);
    keywords = List.copyOf(keywords);
    if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1");
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

  /** A chat model reached through LangChain4j. */
  public record Llm(
      String provider,
      String model,
      Optional<String> baseUrl,
      Optional<String> apiKey,
      Optional<String> system)
      implements Kind {
    @Override
    public String word() {
      return "llm";
    }
  }

  /** A remote agent reached over HTTP (plain JSON or A2A). */
  public record Http(String url, Optional<String> token) implements Kind {
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

  /** The built-in coordinator. */
  public record Meta() implements Kind {
    @Override
    public String word() {
      return "meta";
    }
  }

  public boolean has(String capability) {
    return capabilities.contains(capability);
  }
}
