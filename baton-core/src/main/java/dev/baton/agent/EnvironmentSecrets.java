package dev.baton.agent;

import dev.baton.BatonException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Secrets from the environment and, optionally, a properties file ({@code NAME=value} lines) that
 * is read once. Every value handed out is remembered for redaction.
 */
public final class EnvironmentSecrets implements Secrets {
  private final Map<String, String> env;
  private final Properties file = new Properties();
  private final Set<String> values = ConcurrentHashMap.newKeySet();

  public EnvironmentSecrets(Map<String, String> env, Optional<Path> secretsFile) {
    this.env = Map.copyOf(env);
    if (secretsFile.isPresent() && Files.isRegularFile(secretsFile.get())) {
      try (Reader r = Files.newBufferedReader(secretsFile.get())) {
        file.load(r);
      } catch (IOException e) {
        throw new BatonException(
            "cannot read secrets file " + secretsFile.get() + ": " + e.getMessage(), e);
      }
    }
    file.stringPropertyNames().forEach(k -> values.add(file.getProperty(k)));
  }

  public static EnvironmentSecrets fromSystem() {
    return new EnvironmentSecrets(System.getenv(), Optional.empty());
  }

  @Override
  public Optional<String> env(String name) {
    return Optional.ofNullable(env.get(name));
  }

  @Override
  public Optional<String> secret(String name) {
    Optional<String> v =
        Optional.ofNullable(file.getProperty(name)).or(() -> Optional.ofNullable(env.get(name)));
    v.ifPresent(values::add);
    return v;
  }

  @Override
  public Set<String> values() {
    return Set.copyOf(values);
  }
}
