package dev.baton.agents.command.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last {@code limit} bytes (UTF-8) of a stream of lines. Whole lines are dropped from the front
 * first; a single line longer than the limit keeps its end. Thread-safe: one reader thread adds
 * while the attempt's thread reads the text at the end.
 */
public final class Tail {
  /** 64 KiB: the size docs/agent-protocols.md gives for captured output. */
  public static final int DEFAULT_LIMIT = 64 * 1024;

  private final int limit;
  private final Deque<String> lines = new ArrayDeque<>();
  private final ReentrantLock lock = new ReentrantLock();
  private long bytes;

  public Tail(int limit) {
    if (limit < 1) throw new IllegalArgumentException("limit must be >= 1");
    this.limit = limit;
  }

  public Tail() {
    this(DEFAULT_LIMIT);
  }

  public void add(String line) {
    lock.lock();
    try {
      lines.addLast(line);
      bytes += utf8Length(line) + 1;
      while (bytes - 1 > limit && lines.size() > 1) bytes -= utf8Length(lines.removeFirst()) + 1;
      if (bytes - 1 > limit) {
        String only = keepEnd(lines.removeFirst(), limit);
        lines.addLast(only);
        bytes = utf8Length(only) + 1L;
      }
    } finally {
      lock.unlock();
    }
  }

  /** The kept lines joined by {@code \n}, at most {@code limit} bytes in UTF-8. */
  public String text() {
    lock.lock();
    try {
      return String.join("\n", lines);
    } finally {
      lock.unlock();
    }
  }

  /** The last {@code n} non-blank lines, joined by {@code \n}. */
  public String lastLines(int n) {
    lock.lock();
    try {
      List<String> out = new ArrayList<>();
      var it = lines.descendingIterator();
      while (it.hasNext() && out.size() < n) {
        String line = it.next();
        if (!line.isBlank()) out.addFirst(line);
      }
      return String.join("\n", out);
    } finally {
      lock.unlock();
    }
  }

  private static String keepEnd(String line, int maxBytes) {
    int start = line.length();
    long size = 0;
    while (start > 0) {
      int cp = line.codePointBefore(start);
      int len = utf8Length(new String(Character.toChars(cp)));
      if (size + len > maxBytes) break;
      size += len;
      start -= Character.charCount(cp);
    }
    return line.substring(start);
  }

  static int utf8Length(String s) {
    int ascii = 0;
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) < 0x80) ascii++;
    return ascii == s.length() ? ascii : s.getBytes(StandardCharsets.UTF_8).length;
  }
}
