package dev.baton.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The table of event types in {@code docs/journal.md} is generated from the {@link Event} records,
 * so the page lists every type with the fields it really has. {@code -Dbaton.writeDocs=true}
 * rewrites it.
 */
class JournalDocsTest {
  static final String BEGIN = "<!-- event types: generated from dev.baton.journal.Event -->\n";
  static final String END = "<!-- end of event types -->\n";

  @Test
  void the_journal_page_lists_every_event_type_with_its_fields() throws Exception {
    Path page = Path.of(System.getProperty("user.dir")).resolve("../docs/journal.md").normalize();
    String text = Files.readString(page);
    int from = text.indexOf(BEGIN);
    int to = text.indexOf(END);
    assertThat(from).as("the page's begin marker").isNotNegative();
    assertThat(to).as("the page's end marker").isGreaterThan(from);
    String current = text.substring(from + BEGIN.length(), to);
    if (Boolean.getBoolean("baton.writeDocs")) {
      Files.writeString(
          page, text.substring(0, from + BEGIN.length()) + table() + text.substring(to));
      current = table();
    }
    assertThat(current).isEqualTo(table());
  }

  static String table() {
    StringBuilder b = new StringBuilder("| Type | Fields |\n|---|---|\n");
    for (Class<?> type : Event.class.getPermittedSubclasses()) {
      String fields =
          Arrays.stream(type.getRecordComponents())
              .map(c -> "`" + c.getName() + "` " + typeName(c))
              .collect(Collectors.joining(", "));
      b.append("| `").append(type.getSimpleName()).append("` | ").append(fields).append(" |\n");
    }
    return b.toString();
  }

  private static String typeName(RecordComponent c) {
    return "(" + simple(c.getGenericType()) + ")";
  }

  private static String simple(Type t) {
    if (t instanceof ParameterizedType p)
      return ((Class<?>) p.getRawType()).getSimpleName()
          + "&lt;"
          + Arrays.stream(p.getActualTypeArguments())
              .map(JournalDocsTest::simple)
              .collect(Collectors.joining(", "))
          + "&gt;";
    if (t instanceof Class<?> c) return c.getSimpleName();
    return t.getTypeName();
  }
}
