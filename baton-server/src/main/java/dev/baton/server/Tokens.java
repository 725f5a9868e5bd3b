package dev.baton.server;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.BatonException;
import dev.baton.journal.EventCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * The API tokens of people and scripts, kept in a file beside the store ({@code tokens.json} in its
 * folder, readable by its owner only). A token is shown once, when created; the file holds only its
 * SHA-256 hash (tokens are 256 random bits, so a fast hash is enough: there is nothing to guess).
 * The server reads the file again whenever it changes, so {@code baton token revoke} takes effect
 * at the next request.
 */
public final class Tokens {
  /** Every person's token begins with this, so that a leaked one is easy to recognise. */
  public static final String PREFIX = "baton_";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final ObjectMapper JSON = EventCodec.mapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One token as listed: never the token itself. */
  public record Entry(String name, Role role, String hash, Instant created) {}

  private final Path file;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Snapshot snapshot = new Snapshot(FileTime.fromMillis(0), -1, List.of());

  private record Snapshot(FileTime modified, long size, List<Entry> entries) {}

  public Tokens(Path file, Clock clock) {
    this.file = file.toAbsolutePath();
    this.clock = clock;
  }

  /** The tokens file of the store whose state folder is {@code stateDir}. */
  public static Tokens in(Path stateDir) {
    return new Tokens(stateDir.resolve("tokens.json"), Clock.systemUTC());
  }

  public Path file() {
    return file;
  }

  /**
   * Creates a token and returns it: the only time it can be seen.
   *
   * @throws IllegalArgumentException for a bad or taken name
   */
  public String create(String name, Role role) {
    if (!NAME.matcher(name).matches())
      throw new IllegalArgumentException(
          "token name '" + name + "' may hold letters, digits, '.', '_', '@' and '-' (64 at most)");
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    lock.lock();
    try {
      List<Entry> all = new ArrayList<>(read());
      if (all.stream().anyMatch(e -> e.name().equals(name)))
        throw new IllegalArgumentException("a token named '" + name + "' exists: revoke it first");
      all.add(new Entry(name, role, hash(token), clock.instant()));
      write(all);
      return token;
    } finally {
      lock.unlock();
    }
  }

  public List<Entry> list() {
    return read();
  }

  /** Revokes a token; false when there is none of that name. */
  public boolean revoke(String name) {
    lock.lock();
    try {
      List<Entry> all = new ArrayList<>(read());
      boolean removed = all.removeIf(e -> e.name().equals(name));
      if (removed) write(all);
      return removed;
    } finally {
      lock.unlock();
    }
  }

  /** The entry of a presented token, if it is one. */
  public Optional<Entry> verify(String token) {
    if (token == null || !token.startsWith(PREFIX)) return Optional.empty();
    String h = hash(token);
    for (Entry e : read())
      if (MessageDigest.isEqual(
          e.hash().getBytes(StandardCharsets.US_ASCII), h.getBytes(StandardCharsets.US_ASCII)))
        return Optional.of(e);
    return Optional.empty();
  }

  /** SHA-256 of a token, in hex. */
  public static String hash(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private List<Entry> read() {
    try {
      if (!Files.exists(file)) return List.of();
      FileTime modified = Files.getLastModifiedTime(file);
      long size = Files.size(file);
      Snapshot s = snapshot;
      if (s.modified().equals(modified) && s.size() == size) return s.entries();
      List<Entry> entries =
          List.copyOf(
              JSON.readValue(Files.readAllBytes(file), new TypeReference<List<Entry>>() {}));
      snapshot = new Snapshot(modified, size, entries);
      return entries;
    } catch (IOException e) {
      throw new BatonException("cannot read the tokens file " + file + ": " + e.getMessage(), e);
    }
  }

  private void write(List<Entry> entries) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = Files.createTempFile(file.getParent(), ".tokens-", ".json");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // the folder's own permissions guard the file
      }
      Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new BatonException("cannot write the tokens file " + file + ": " + e.getMessage(), e);
    }
  }
}
