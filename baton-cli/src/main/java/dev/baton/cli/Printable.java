package dev.baton.cli;

import java.io.OutputStream;
import java.io.PrintStream;

/**
 * Standard output and error for people: agents' text (summaries, errors, status messages, outputs)
 * is printed without the control characters it may carry, so an agent cannot move the cursor, clear
 * the screen, retitle the terminal or hide text ({@code \u001b]0;…\u0007}, {@code \u001b[2J}, bidi
 * overrides). Tabs and line breaks stay. JSON output does not go through it: JSON escapes control
 * characters itself, and the live view writes its own escape sequences to the raw stream.
 */
final class Printable extends PrintStream {
  private final PrintStream raw;

  private Printable(PrintStream raw) {
    super((OutputStream) raw, true, raw.charset());
    this.raw = raw;
  }

  /** Replaces {@code System.out} and {@code System.err} with printable streams. */
  static void install() {
    if (!(System.out instanceof Printable)) System.setOut(new Printable(System.out));
    if (!(System.err instanceof Printable)) System.setErr(new Printable(System.err));
  }

  /** The stream under {@code out}, for JSON and the live view's own escape sequences. */
  static PrintStream raw(PrintStream out) {
    return out instanceof Printable p ? p.raw : out;
  }

  /** {@code text} without control characters but tab and line breaks, and without bidi controls. */
  static String clean(String text) {
    if (text == null) return null;
    int n = text.length();
    int i = 0;
    while (i < n && !unprintable(text.charAt(i))) i++;
    if (i == n) return text;
    StringBuilder out = new StringBuilder(n).append(text, 0, i);
    for (; i < n; i++) {
      char c = text.charAt(i);
      if (!unprintable(c)) out.append(c);
    }
    return out.toString();
  }

  private static boolean unprintable(char c) {
    if (c == '\n' || c == '\t' || c == '\r') return false;
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069');
  }

  @Override
  public void print(String s) {
    super.print(clean(s));
  }

  @Override
  public void print(Object o) {
    super.print(clean(String.valueOf(o)));
  }

  @Override
  public void print(char[] s) {
    super.print(clean(new String(s)));
  }

  @Override
  public void println(String s) {
    synchronized (this) {
      print(s);
      println();
    }
  }

  @Override
  public void println(Object o) {
    synchronized (this) {
      print(o);
      println();
    }
  }

  @Override
  public void println(char[] s) {
    synchronized (this) {
      print(s);
      println();
    }
  }

  @Override
  public PrintStream append(CharSequence csq) {
    print(String.valueOf(csq));
    return this;
  }

  @Override
  public PrintStream append(CharSequence csq, int start, int end) {
    print(String.valueOf(csq == null ? "null" : csq.subSequence(start, end)));
    return this;
  }

  @Override
  public PrintStream append(char c) {
    print(String.valueOf(c));
    return this;
  }
}
