package dev.baton.store.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.baton.BatonException;
import dev.baton.journal.EventCodec;
import dev.baton.store.JournalRows;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How values sit in columns, the same in every dialect: instants as microseconds since the epoch
 * (exact for the microsecond clocks of the JDK on Linux, and comparable in SQL for lease expiry),
 * lists and maps as JSON.
 */
final class Columns {
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private Columns() {}

  static long micros(Instant t) {
    return JournalRows.micros(t);
  }

  static Instant instant(long micros) {
    return JournalRows.instant(micros);
  }

  static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(instant(v));
  }

  static void setInstant(PreparedStatement ps, int i, Optional<Instant> t) throws SQLException {
    if (t.isPresent()) ps.setLong(i, micros(t.get()));
    else ps.setNull(i, Types.BIGINT);
  }

  static void setInteger(PreparedStatement ps, int i, Integer v) throws SQLException {
    if (v == null) ps.setNull(i, Types.INTEGER);
    else ps.setInt(i, v);
  }

  static String json(Object value) {
    try {
      return EventCodec.mapper().writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new BatonException("cannot encode " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  static List<String> strings(String json) {
    return json == null ? List.of() : read(json, STRINGS);
  }

  static Map<String, Object> map(String json) {
    return json == null ? Map.of() : read(json, MAP);
  }

  private static <T> T read(String json, TypeReference<T> type) {
    try {
      return EventCodec.mapper().readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new BatonException("cannot decode stored JSON: " + e.getOriginalMessage(), e);
    }
  }

  static String orEmpty(String s) {
    return s == null ? "" : s;
  }
}
