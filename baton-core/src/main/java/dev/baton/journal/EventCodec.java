package dev.baton.journal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.baton.BatonException;
import java.io.IOException;

/** Encodes events as the JSON of docs/journal.md (one object with {@code type} and its fields). */
public final class EventCodec {
  /**
   * The full mapper, built on first use: a short command that only reads events (by {@link
   * EventReader}, from trees) does not set up its modules and 63 subtypes.
   */
  private static final class Full {
    /**
     * Buffers come from a shared pool rather than the default thread-local one: Baton encodes on
     * virtual threads, which are new for nearly every message, so thread-local buffers were never
     * reused.
     */
    static final ObjectMapper MAPPER =
        JsonMapper.builder(
                JsonFactory.builder()
                    .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                    .addDecorator((factory, generator) -> new Storable(generator))
                    .build())
            .addModule(new JavaTimeModule())
            // every event type, by its simple name: the sealed interface's permitted records
            .registerSubtypes(Event.class.getPermittedSubclasses())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();
  }

  /**
   * Reads JSON into trees: no modules, no types; what the journal's readers need (buffers pooled as
   * the full mapper's).
   */
  private static final ObjectMapper TREES =
      JsonMapper.builder(
              JsonFactory.builder()
                  .recyclerPool(JsonRecyclerPools.newConcurrentDequePool())
                  .build())
          .build();

  private EventCodec() {}

  /**
   * Writes every string and field name as {@link StorableText}: whatever an agent printed, the JSON
   * can be held by every store (PostgreSQL's {@code jsonb} refuses {@code \u0000}).
   */
  private static final class Storable extends JsonGeneratorDelegate {
    Storable(JsonGenerator d) {
      super(d, false);
    }

    @Override
    public void writeString(String text) throws IOException {
      delegate.writeString(StorableText.of(text));
    }

    @Override
    public void writeString(char[] text, int offset, int len) throws IOException {
      delegate.writeString(StorableText.of(new String(text, offset, len)));
    }

    @Override
    public void writeString(SerializableString text) throws IOException {
      delegate.writeString(StorableText.of(text.getValue()));
    }

    @Override
    public void writeFieldName(String name) throws IOException {
      delegate.writeFieldName(StorableText.of(name));
    }

    @Override
    public void writeFieldName(SerializableString name) throws IOException {
      delegate.writeFieldName(StorableText.of(name.getValue()));
    }
  }

  /** The shared mapper: thread-safe once configured. */
  public static ObjectMapper mapper() {
    return Full.MAPPER;
  }

  /**
   * The event's JSON. The events of every run are written by hand ({@link EventWriter}: no
   * reflection, a fraction of the time); the others, by Jackson, to the same format.
   */
  public static String encode(Event event) {
    String written = EventWriter.write(event);
    if (written != null) return written;
    return jackson(event);
  }

  /**
   * Appends the event's JSON, as {@link #encode(Event)} writes it, to {@code out}: the events of an
   * append are written into one buffer instead of each into a string of its own first.
   */
  public static void encode(Event event, StringBuilder out) {
    if (!EventWriter.write(event, out)) out.append(jackson(event));
  }

  /** The event's JSON as Jackson writes it (what {@link EventWriter} is held to). */
  static String jackson(Event event) {
    try {
      return Full.MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new BatonException("cannot encode " + event.type(), e);
    }
  }

  /** A parser of journal JSON, for reading events with {@link #decode(JsonParser)}. */
  public static JsonParser parser(String json) throws IOException {
    return TREES.createParser(json);
  }

  /** The JSON tree of {@code json}, read without the full mapper. */
  public static JsonNode tree(String json) throws JsonProcessingException {
    return TREES.readTree(json);
  }

  /** Compact JSON of any value (maps, lists, strings, numbers). */
  public static String json(Object value) {
    try {
      return Full.MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new BatonException("cannot encode value", e);
    }
  }

  public static Event decode(String json) {
    try {
      return decode(TREES.readTree(json));
    } catch (JsonProcessingException e) {
      throw new BatonException("cannot decode journal event: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * The event at {@code parser}'s current token, the start of its object; the parser is left at its
   * end.
   */
  public static Event decode(JsonParser parser) throws IOException {
    return decode((JsonNode) TREES.readTree(parser));
  }

  /**
   * By {@link EventReader}, without Jackson's data binding, whose first use costs a short command a
   * tenth of a second; by Jackson what the reader does not handle.
   */
  private static Event decode(JsonNode node) throws JsonProcessingException {
    try {
      return EventReader.read(node);
    } catch (EventReader.Unreadable e) {
      return Full.MAPPER.treeToValue(node, Event.class);
    }
  }

  /** The event as Jackson's data binding reads it (what {@link EventReader} is held to). */
  static Event jackson(String json) throws JsonProcessingException {
    return Full.MAPPER.readValue(json, Event.class);
  }

  /** The line {@code baton events --json} prints: seq, run, time, type, then the event's fields. */
  public static ObjectNode toJson(JournalEntry entry) {
    ObjectNode node = Full.MAPPER.createObjectNode();
    node.put("seq", entry.seq());
    node.put("run", entry.run());
    node.put("time", entry.time().toString());
    ObjectNode fields = Full.MAPPER.valueToTree(entry.event());
    node.setAll(fields);
    return node;
  }
}
