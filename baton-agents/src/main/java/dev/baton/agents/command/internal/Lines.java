package dev.baton.agents.command.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a process's output into lines. Unlike {@code BufferedReader.readLine} a line never grows
 * past {@code maxLine} characters, so a program printing megabytes without a newline cannot exhaust
 * memory: the rest of such a line is dropped.
 */
public final class Lines {
  public static final int MAX_LINE = 1024 * 1024;

  private Lines() {}

  /**
   * Calls {@code sink} for every line until end of stream; {@code \r\n} endings lose their {@code
   * \r}.
   */
  public static void forEach(InputStream in, int maxLine, Consumer<String> sink)
      throws IOException {
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      char[] buf = new char[8192];
      StringBuilder line = new StringBuilder();
      boolean pending = false;
      int n;
      while ((n = reader.read(buf)) != -1) {
        for (int i = 0; i < n; i++) {
          char c = buf[i];
          if (c == '\n') {
            sink.accept(finish(line));
            pending = false;
          } else {
            pending = true;
            if (line.length() < maxLine) line.append(c);
          }
        }
      }
      if (pending) sink.accept(finish(line));
    }
  }

  private static String finish(StringBuilder line) {
    int end = line.length();
    if (end > 0 && line.charAt(end - 1) == '\r') end--;
    String s = line.substring(0, end);
    line.setLength(0);
    return s;
  }
}
