package dev.baton.improve.internal;

/**
 * The HTML page of a report: the Markdown's headings, tables and lists rendered by a few rules (the
 * reports use nothing else), with the charts after the title.
 */
final class Html {
  private Html() {}

  static String page(String title, String markdown, String charts) {
    StringBuilder b = new StringBuilder();
    b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(escape(title))
        .append("</title><style>body{font-family:sans-serif;max-width:70em;margin:2em auto}")
        .append("table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}")
        .append("figure{display:inline-block;margin:0 1em 1em 0}</style></head><body>\n");
    boolean list = false, table = false, first = true;
    for (String line : markdown.split("\n")) {
      if (list && !line.startsWith("- ")) {
        b.append("</ul>\n");
        list = false;
      }
      if (table && !line.startsWith("|")) {
        b.append("</table>\n");
        table = false;
      }
      if (line.startsWith("# ")) {
        b.append("<h1>").append(escape(line.substring(2))).append("</h1>\n");
      } else if (line.startsWith("## ")) {
        if (first) {
          b.append("<section class=\"charts\">").append(charts).append("</section>\n");
          first = false;
        }
        b.append("<h2>").append(escape(line.substring(3))).append("</h2>\n");
      } else if (line.startsWith("- ")) {
        if (!list) b.append("<ul>\n");
        list = true;
        b.append("<li>").append(inline(line.substring(2))).append("</li>\n");
      } else if (line.startsWith("|")) {
        if (line.startsWith("| ---")) continue;
        String cell = table ? "td" : "th";
        if (!table) b.append("<table>\n");
        table = true;
        b.append("<tr>");
        String[] cells = line.substring(1, line.length() - 1).split("\\|");
        for (String c : cells)
          b.append('<')
              .append(cell)
              .append('>')
              .append(inline(c.trim()))
              .append("</")
              .append(cell)
              .append('>');
        b.append("</tr>\n");
      } else if (!line.isBlank()) {
        b.append("<p>").append(inline(line)).append("</p>\n");
      }
    }
    if (list) b.append("</ul>\n");
    if (table) b.append("</table>\n");
    return b.append("</body></html>\n").toString();
  }

  private static String inline(String text) {
    return escape(text).replaceAll("`([^`]+)`", "<code>$1</code>");
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
