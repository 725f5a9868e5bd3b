package dev.baton.improve.internal;

import dev.baton.improve.Figures;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/** Grouped bar charts as inline SVG: per agent, the previous period (grey) and this one (blue). */
final class Svg {
  private static final int BAR = 14, GAP = 18, HEIGHT = 140, TOP = 24, LEFT = 8;

  private Svg() {}

  static String bars(ReportWriter.Metric m, Map<String, Figures> now, Map<String, Figures> prev) {
    TreeSet<String> agents = new TreeSet<>(now.keySet());
    agents.addAll(prev.keySet());
    double max = m.max();
    for (String a : agents) {
      max = Math.max(max, value(m, now.get(a)));
      max = Math.max(max, value(m, prev.get(a)));
    }
    if (max <= 0) max = 1;
    int width = LEFT * 2 + agents.size() * (2 * BAR + GAP) + 40;
    StringBuilder b = new StringBuilder();
    b.append("<figure><figcaption>").append(Html.escape(m.title())).append("</figcaption>");
    b.append(
        String.format(
            Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"%d\" height=\"%d\" aria-label=\"%s\">",
            width,
            HEIGHT + TOP + 30,
            Html.escape(m.title())));
    int x = LEFT;
    for (String a : agents) {
      bar(b, x, value(m, prev.get(a)), max, "#b0b0b0", a + " previous");
      bar(b, x + BAR, value(m, now.get(a)), max, "#3b6fd8", a);
      b.append(
          String.format(
              Locale.ROOT,
              "<text x=\"%d\" y=\"%d\" font-size=\"10\" font-family=\"sans-serif\">%s</text>",
              x,
              TOP + HEIGHT + 14,
              Html.escape(a)));
      x += 2 * BAR + GAP;
    }
    if (m.threshold() != null) {
      double y = TOP + HEIGHT - HEIGHT * m.threshold() / max;
      b.append(
          String.format(
              Locale.ROOT,
              "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#d33\" stroke-dasharray=\"4 3\"><title>alert threshold %s</title></line>",
              LEFT,
              x,
              y,
              y,
              ReportWriter.num(m.threshold())));
    }
    b.append("</svg></figure>\n");
    return b.toString();
  }

  private static void bar(
      StringBuilder b, int x, double v, double max, String color, String label) {
    double h = HEIGHT * v / max;
    b.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"><title>%s: %s</title></rect>",
            x,
            TOP + HEIGHT - h,
            BAR - 2,
            h,
            color,
            Html.escape(label),
            ReportWriter.num(v)));
  }

  private static double value(ReportWriter.Metric m, Figures f) {
    if (f == null) return 0;
    Double v = m.value().apply(f);
    return v == null ? 0 : v;
  }
}
