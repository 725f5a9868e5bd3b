package dev.baton.server;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.baton.BatonException;
import dev.baton.journal.Event;
import dev.baton.journal.EventCodec;
import dev.baton.journal.JournalConflictException;
import dev.baton.journal.JournalEntry;
import dev.baton.store.JournalStore;
import dev.baton.store.RunJournal;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The API tokens of people and scripts, kept in the store's tokens journal ({@value #STREAM}):
 * every server and command on the store (every node of a cluster) sees the same tokens. A token is
 * shown once, when created; the journal holds only its SHA-256 hash (tokens are 256 random bits, so
 * a fast hash is enough: there is nothing to guess). Each check reads what the journal gained since
 * the last one, so {@code baton token revoke} in another process takes effect at the next request.
 */
public final class Tokens {
  /** Every person's token begins with this, so that a leaked one is easy to recognise. */
  public static final String PREFIX = "baton_";

  /** The journal of token creations and revocations. */
  public static final String STREAM = "baton:tokens";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int TRIES = 20;

  /** One token as listed: never the token itself. */
  public record Entry(String name, Role role, String hash, Instant created) {}

  private final JournalStore store;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Folded folded = new Folded(0, Map.of());

  private record Folded(long seq, Map<String, Entry> byName) {}

  public Tokens(JournalStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The tokens of {@code store}. */
  public static Tokens in(JournalStore store) {
    return new Tokens(store, Clock.systemUTC());
  }

  /**
   * The tokens of {@code store}, after importing a {@code tokens.json} that earlier versions kept
   * in {@code stateDir} (the store's folder): its tokens (hashes) join the journal unless one of
   * the same name is there, and the file is renamed {@code tokens.json.imported}.
   */
  public static Tokens in(JournalStore store, Path stateDir) {
    Tokens tokens = in(store);
    tokens.importFile(stateDir.resolve("tokens.json"));
    return tokens;
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
    append(all -> {
      if (all.containsKey(name))
        throw new IllegalArgumentException("a token named '" + name + "' exists: revoke it first");
      return List.of(new Event.TokenCreated(name, role.word(), hash(token)));
    });
    return token;
  }

  public List<Entry> list() {
    return List.copyOf(refresh().byName().values());
  }

  /** Revokes a token; false when there is none of that name. */
  public boolean revoke(String name) {
    return !append(all -> all.containsKey(name) ? List.of(new Event.TokenRevoked(name)) : List.of())
        .isEmpty();
  }

  /** The entry of a presented token, if it is one. */
  public Optional<Entry> verify(String token) {
    if (token == null || !token.startsWith(PREFIX)) return Optional.empty();
    byte[] h = hash(token).getBytes(StandardCharsets.US_ASCII);
    for (Entry e : refresh().byName().values())
      if (MessageDigest.isEqual(e.hash().getBytes(StandardCharsets.US_ASCII), h))
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

  /** Imports an earlier version's tokens file (see {@link #in(JournalStore, Path)}). */
  void importFile(Path file) {
    if (!Files.isRegularFile(file)) return;
    List<Entry> old;
    try {
      old =
          EventCodec.mapper()
              .readValue(Files.readAllBytes(file), new TypeReference<List<Entry>>() {});
    } catch (IOException e) {
      throw new BatonException("cannot read the tokens file " + file + ": " + e.getMessage(), e);
    }
    append(all -> {
      List<Event> events = new ArrayList<>();
      for (Entry e : old)
        if (!all.containsKey(e.name()))
          events.add(new Event.TokenCreated(e.name(), e.role().word(), e.hash()));
      return events;
    });
    try {
      Files.move(
          file,
          file.resolveSibling(file.getFileName() + ".imported"),
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new BatonException(
          "imported the tokens of " + file + " into the store but cannot rename it: " + e, e);
    }
  }

  /** The tokens as of the journal's end: reads what was added since the last look. */
  private Folded refresh() {
    lock.lock();
    try {
      Folded f = folded;
      List<JournalEntry> added = store.read(STREAM, f.seq());
      if (added.isEmpty()) return f;
      Map<String, Entry> byName = new LinkedHashMap<>(f.byName());
      long seq = f.seq();
      for (JournalEntry e : added) {
        switch (e.event()) {
          case Event.TokenCreated c ->
              byName.put(c.name(), new Entry(c.name(), Role.parse(c.role()), c.hash(), e.time()));
          case Event.TokenRevoked r -> byName.remove(r.name());
          default -> {}
        }
        seq = e.seq();
      }
      folded = new Folded(seq, java.util.Collections.unmodifiableMap(byName));
      return folded;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Appends what {@code decide} makes of the current tokens at the journal's next seqs; when
   * another process appended first, decides again on the newer journal.
   */
  private List<Event> append(Function<Map<String, Entry>, List<Event>> decide) {
    for (int attempt = 1; ; attempt++) {
      Folded f = refresh();
      List<Event> events = decide.apply(f.byName());
      if (events.isEmpty()) return events;
      long seq = f.seq();
      Instant now = clock.instant();
      List<JournalEntry> entries = new ArrayList<>();
      for (Event e : events) entries.add(new JournalEntry(STREAM, ++seq, now, e));
      try {
        store.append(new RunJournal.Append(STREAM, entries, null)).join();
        return events;
      } catch (CompletionException e) {
        if (!(e.getCause() instanceof JournalConflictException) || attempt == TRIES)
          throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
  }
}
