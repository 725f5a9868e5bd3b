package dev.baton.test;

import dev.baton.agent.Secrets;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets and environment from maps; remembers the secret values resolved, as the real one does (so
 * redaction can be tested).
 */
public final class MapSecrets implements Secrets {
  private final Map<String, String> env;
  private final Map<String, String> secrets;
  private final Set<String> resolved = ConcurrentHashMap.newKeySet();

  public MapSecrets(Map<String, String> env, Map<String, String> secrets) {
    this.env = env;
    this.secrets = secrets;
  }

  public static MapSecrets none() {
    return new MapSecrets(Map.of(), Map.of());
  }

  @Override
  public Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name));
  }

  @Override
  public Optional<String> secret(String name) {
    Optional<String> value = Optional.ofNullable(secrets.get(name));
    value.ifPresent(resolved::add);
    return value;
  }

  @Override
  public Set<String> values() {
    return Set.copyOf(resolved);
  }
}
