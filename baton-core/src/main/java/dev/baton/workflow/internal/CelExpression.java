package dev.baton.workflow.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.baton.BatonException;
import dev.baton.workflow.Expression;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A compiled CEL program. Variables are converted to what CEL expects (ints to {@code long}, floats
 * to {@code double}, Jackson trees to maps and lists); evaluation errors, such as a key missing
 * from a map, become {@link BatonException}s that say which expression failed.
 */
final class CelExpression implements Expression {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String source;
  private final CelRuntime.Program program;

  CelExpression(String source, CelRuntime.Program program) {
    this.source = source;
    this.program = program;
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public Object evaluate(Map<String, Object> variables) {
    Map<String, Object> vars = new LinkedHashMap<>();
    variables.forEach((k, v) -> vars.put(k, toCel(v)));
    Object result;
    try {
      result = program.eval(vars);
    } catch (CelEvaluationException | RuntimeException e) {
      throw new BatonException("cannot evaluate '" + source + "': " + e.getMessage(), e);
    }
    if (result instanceof dev.cel.runtime.CelUnknownSet) {
      throw new BatonException(
          "cannot evaluate '"
              + source
              + "': it uses a variable that was not given (one of "
              + String.join(", ", variables.keySet())
              + ")");
    }
    return fromCel(result);
  }

  @Override
  public String toString() {
    return source;
  }

  static Object toCel(Object v) {
    return switch (v) {
      case null -> dev.cel.common.values.NullValue.NULL_VALUE;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Float f -> f.doubleValue();
      case BigInteger b -> b.longValue();
      case BigDecimal b -> b.doubleValue();
      case Enum<?> e -> e.name().toLowerCase(Locale.ROOT);
      case Optional<?> o -> toCel(o.orElse(null));
      case JsonNode n -> toCel(JSON.convertValue(n, Object.class));
      case Map<?, ?> m -> {
        Map<Object, Object> out = new LinkedHashMap<>();
        m.forEach((k, x) -> out.put(k instanceof Integer i ? i.longValue() : k, toCel(x)));
        yield out;
      }
      case Collection<?> c -> {
        List<Object> out = new ArrayList<>(c.size());
        for (Object x : c) out.add(toCel(x));
        yield out;
      }
      default -> v;
    };
  }

  static Object fromCel(Object v) {
    return v instanceof dev.cel.common.values.NullValue ? null : v;
  }
}
