package dev.baton.server.internal.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Small helpers for server-rendered HTML: escaping, and the page around every screen. */
final class Html {
  private Html() {}

  /** Escapes text for element content and quoted attribute values. */
  static String esc(Object value) {
    if (value == null) return "";
    String s = String.valueOf(value);
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  static String state(String state) {
    return "<span class=\"state s-"
        + esc(state.toLowerCase(Locale.ROOT))
        + "\">"
        + esc(state)
        + "</span>";
  }

  static String ago(Instant t, Instant now) {
    if (t == null) return "";
    long s = Math.max(0, Duration.between(t, now).toSeconds());
    if (s < 60) return s + "s ago";
    if (s < 3600) return s / 60 + "m ago";
    if (s < 86400) return s / 3600 + "h ago";
    return s / 86400 + "d ago";
  }

  static String seconds(long millis) {
    return millis < 60_000
        ? String.format(Locale.ROOT, "%.1fs", millis / 1000.0)
        : (millis / 60_000) + "m" + (millis / 1000 % 60) + "s";
  }

  /** The page: navigation, the CSRF token for htmx, the body. */
  static String page(String title, String active, String csrf, String body) {
    StringBuilder nav = new StringBuilder();
    String[][] links = {
      {"/", "Runs"},
      {"/inbox", "Inbox"},
      {"/agents", "Agents"},
      {"/alerts", "Alerts"},
      {"/charts", "Metrics"}
    };
    for (String[] l : links)
      nav.append("<a href=\"")
          .append(l[0])
          .append("\"")
          .append(l[1].equals(active) ? " class=\"active\"" : "")
          .append(">")
          .append(l[1])
          .append("</a>");
    return """
    <!doctype html>
    <html lang="en"><head><meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>%s · Baton</title>
    <link rel="stylesheet" href="/ui/style.css">
    <link rel="stylesheet" href="/webjars/uplot/1.6.30/dist/uPlot.min.css">
    <script src="/webjars/htmx.org/2.0.4/dist/htmx.min.js"></script>
    <script src="/webjars/htmx-ext-sse/2.2.2/sse.js"></script>
    </head>
    <body hx-headers='{"X-CSRF-Token": "%s"}'>
    <header><span class="brand">Baton</span><nav>%s</nav>
    <form method="post" action="/logout" class="logout"><input type="hidden" name="_csrf" value="%s"><button>Sign out</button></form></header>
    <main>%s</main>
    </body></html>
    """
        .formatted(esc(title), esc(csrf), nav, esc(csrf), body);
  }
}
