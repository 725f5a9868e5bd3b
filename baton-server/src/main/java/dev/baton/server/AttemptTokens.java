package dev.baton.server;

import dev.baton.agent.Attempt;
import dev.baton.agents.command.AttemptChannels;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-attempt tokens of the agent API: each attempt of a command agent run by this server gets
 * {@code BATON_API} (the server's base URL) and its own {@code BATON_TOKEN}, void as soon as the
 * attempt ends. Tokens live only in memory (by their hash): a restarted server hands out new ones
 * to the attempts it starts again.
 */
public final class AttemptTokens implements AttemptChannels {
  /** Attempt tokens begin with this; people's tokens with {@link Tokens#PREFIX}. */
  public static final String PREFIX = "baton-attempt_";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** The attempt a token belongs to, and where its reports go. */
  public record Grant(String run, String step, String agent, int attempt, Reports reports) {
    /** {@code RUN/STEP/ATTEMPT}. */
    public String key() {
      return run + "/" + step + "/" + attempt;
    }
  }

  private final Map<String, Grant> byHash = new ConcurrentHashMap<>();
  private volatile String baseUrl = "";

  /** Set once the server listens: the {@code BATON_API} handed to attempts. */
  public void baseUrl(String url) {
    this.baseUrl = url;
  }

  @Override
  public Channel open(Attempt attempt, Reports reports) {
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    String hash = Tokens.hash(token);
    byHash.put(
        hash,
        new Grant(attempt.run(), attempt.step(), attempt.agent(), attempt.attempt(), reports));
    Map<String, String> env = Map.of("BATON_API", baseUrl, "BATON_TOKEN", token);
    return new Channel() {
      @Override
      public Map<String, String> env() {
        return env;
      }

      @Override
      public void close() {
        byHash.remove(hash);
      }
    };
  }

  /** The live attempt a presented token belongs to, if any. */
  public Optional<Grant> verify(String token) {
    if (token == null || !token.startsWith(PREFIX)) return Optional.empty();
    return Optional.ofNullable(byHash.get(Tokens.hash(token)));
  }

  /** Attempts holding a token now (for tests and metrics). */
  public int open() {
    return byHash.size();
  }
}
