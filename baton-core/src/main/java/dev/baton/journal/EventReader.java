package dev.baton.journal;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an event from its JSON tree without Jackson's data binding, to the same event Jackson
 * reads, field for field ({@code EventReaderTest} holds it to that over the golden journals and
 * awkward values). Jackson builds a deserializer for each record type the first time it meets one,
 * by reflection over the type: about 95 ms of a {@code baton show} that reads two journal rows.
 * Here each record is built through its canonical constructor, found once per type. Like {@link
 * EventWriter}, it throws {@link Unreadable} for what it does not handle, and {@link EventCodec}
 * then asks Jackson.
 *
 * <p>Values follow Jackson's defaults: a missing or null field is {@code null}, or zero or {@code
 * false} for a primitive; a value of another JSON type than the field's (which Jackson may coerce)
 * is left to Jackson; an untyped value ({@code Object}) is a {@link LinkedHashMap}, {@link
 * ArrayList}, {@link String}, {@link Integer}, {@link Long}, {@link java.math.BigInteger}, {@link
 * Double} or {@link Boolean} by its JSON; an enum is read by its static {@code fromJson(String)}.
 */
final class EventReader {
  /** What this reader does not handle; the caller falls back to Jackson. */
  static final class Unreadable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message, null, false, false);
    }
  }

  private static final Map<String, Class<?>> TYPES = types();

  private static final ClassValue<Shape> SHAPES =
      new ClassValue<>() {
        @Override
        protected Shape computeValue(Class<?> type) {
          return Shape.of(type);
        }
      };

  private static final ClassValue<Method> ENUM_READERS =
      new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
          try {
            Method m = type.getDeclaredMethod("fromJson", String.class);
            if (!Modifier.isStatic(m.getModifiers())) return null;
            m.setAccessible(true);
            return m;
          } catch (NoSuchMethodException e) {
            return null;
          }
        }
      };

  private EventReader() {}

  private static Map<String, Class<?>> types() {
    Map<String, Class<?>> m = new HashMap<>();
    for (Class<?> c : Event.class.getPermittedSubclasses()) {
      if (c.isRecord()) m.put(TypeNames.of(c), c);
    }
    return Map.copyOf(m);
  }

  /** The event {@code node} holds ({@code {"type":"StepStarted",…}}). */
  static Event read(JsonNode node) {
    JsonNode type = node.get("type");
    Class<?> c = type == null || !type.isTextual() ? null : TYPES.get(type.textValue());
    if (!node.isObject() || c == null) throw new Unreadable("not a known event");
    return (Event) record(c, node);
  }

  /** A record type's canonical constructor and its components' names and types. */
  private static final class Shape {
    final Constructor<?> constructor;
    final String[] names;
    final Type[] types;

    private Shape(Constructor<?> constructor, String[] names, Type[] types) {
      this.constructor = constructor;
      this.names = names;
      this.types = types;
    }

    static Shape of(Class<?> type) {
      RecordComponent[] components = type.getRecordComponents();
      String[] names = new String[components.length];
      Type[] types = new Type[components.length];
      Class<?>[] raw = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        names[i] = components[i].getName();
        types[i] = components[i].getGenericType();
        raw[i] = components[i].getType();
      }
      try {
        Constructor<?> constructor = type.getDeclaredConstructor(raw);
        constructor.setAccessible(true);
        return new Shape(constructor, names, types);
      } catch (NoSuchMethodException e) {
        throw new IllegalStateException(type + " has no canonical constructor", e);
      }
    }
  }

  private static Object record(Class<?> type, JsonNode node) {
    if (!node.isObject()) throw new Unreadable(type.getSimpleName() + " is not an object");
    Shape shape = SHAPES.get(type);
    Object[] args = new Object[shape.names.length];
    for (int i = 0; i < args.length; i++) {
      args[i] = value(node.get(shape.names[i]), shape.types[i]);
    }
    try {
      return shape.constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new Unreadable(type.getSimpleName() + ": " + e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new Unreadable(type.getSimpleName() + ": " + e);
    }
  }

  private static Object value(JsonNode node, Type type) {
    boolean absent = node == null || node.isNull() || node.isMissingNode();
    if (type instanceof Class<?> c) {
      if (c.isPrimitive()) return absent ? zero(c) : scalar(node, c);
      if (absent) return null;
      if (c == String.class) {
        if (!node.isTextual()) throw new Unreadable("a string expected");
        return node.textValue();
      }
      if (c == Integer.class || c == Long.class || c == Double.class || c == Boolean.class) {
        return scalar(node, c);
      }
      if (c == Object.class) return untyped(node);
      if (c.isRecord()) return record(c, node);
      if (c.isEnum()) return enumValue(node, c);
      throw new Unreadable("unhandled type " + c.getName());
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      if (absent) return null;
      Type[] args = p.getActualTypeArguments();
      if (raw == List.class) {
        if (!node.isArray()) throw new Unreadable("a list expected");
        List<Object> out = new ArrayList<>(node.size());
        for (JsonNode item : node) out.add(value(item, args[0]));
        return out;
      }
      if (raw == Map.class && args[0] == String.class) {
        if (!node.isObject()) throw new Unreadable("a map expected");
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
          out.put(e.getKey(), value(e.getValue(), args[1]));
        }
        return out;
      }
    }
    throw new Unreadable("unhandled type " + type.getTypeName());
  }

  private static Object zero(Class<?> c) {
    if (c == int.class) return 0;
    if (c == long.class) return 0L;
    if (c == double.class) return 0.0;
    if (c == boolean.class) return false;
    throw new Unreadable("unhandled type " + c.getName());
  }

  /** A number or boolean, from a JSON number or boolean (as Jackson, not from text). */
  private static Object scalar(JsonNode node, Class<?> c) {
    if (c == int.class || c == Integer.class) {
      if (node.isIntegralNumber() && node.canConvertToInt()) return node.intValue();
    } else if (c == long.class || c == Long.class) {
      if (node.isIntegralNumber() && node.canConvertToLong()) return node.longValue();
    } else if (c == double.class || c == Double.class) {
      if (node.isNumber()) return node.doubleValue();
    } else if (c == boolean.class || c == Boolean.class) {
      if (node.isBoolean()) return node.booleanValue();
    }
    throw new Unreadable("a " + c.getSimpleName() + " expected");
  }

  /** What Jackson reads into {@code Object}: maps, lists, strings, numbers, booleans, nulls. */
  private static Object untyped(JsonNode node) {
    if (node == null || node.isNull()) return null;
    if (node.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        out.put(e.getKey(), untyped(e.getValue()));
      }
      return out;
    }
    if (node.isArray()) {
      List<Object> out = new ArrayList<>(node.size());
      for (JsonNode item : node) out.add(untyped(item));
      return out;
    }
    if (node.isTextual()) return node.textValue();
    if (node.isBoolean()) return node.booleanValue();
    if (node.isInt() || node.isLong() || node.isBigInteger() || node.isDouble()) {
      return node.numberValue();
    }
    throw new Unreadable("unhandled JSON value " + node.getNodeType());
  }

  private static Object enumValue(JsonNode node, Class<?> c) {
    Method reader = ENUM_READERS.get(c);
    if (reader == null || !node.isTextual()) throw new Unreadable("unhandled enum " + c.getName());
    try {
      return reader.invoke(null, node.textValue());
    } catch (ReflectiveOperationException e) {
      throw new Unreadable(c.getSimpleName() + ": " + e);
    }
  }
}
