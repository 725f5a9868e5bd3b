package dev.baton.run;

import java.util.List;

/** Renders the lifecycle tables as Mermaid state diagrams for the docs (kept in sync by a test). */
public final class Diagrams {
  private Diagrams() {}

  public static String mermaid(
      String title, List<? extends Transition<?>> table, String initial, List<String> finals) {
    StringBuilder b = new StringBuilder("```mermaid\nstateDiagram-v2\n");
    b.append("  %% ").append(title).append(" — generated from the lifecycle table\n");
    b.append("  [*] --> ").append(initial).append('\n');
    for (Transition<?> t : table) {
      b.append("  ")
          .append(t.from())
          .append(" --> ")
          .append(t.to())
          .append(" : ")
          .append(t.event().getSimpleName())
          .append('\n');
    }
    for (String f : finals) b.append("  ").append(f).append(" --> [*]\n");
    return b.append("```\n").toString();
  }

  /** The docs page: both machines. */
  public static String page() {
    return "# State machines\n\n"
        + "Generated from `RunLifecycle.TABLE` and `StepLifecycle.TABLE` (a test fails when this page is stale;\n"
        + "regenerate it with `./build.sh -q -pl baton-core test -Dtest=LifecycleTest -Dbaton.writeDocs=true`).\n"
        + "Journal events are the machines' inputs; `RunState.apply` is the fold.\n\n"
        + "## Run\n\n"
        + mermaid(
            "run",
            RunLifecycle.TABLE,
            "PENDING",
            List.of("SUCCEEDED", "FAILED", "ROLLED_BACK", "CANCELLED"))
        + "\n## Step\n\n"
        + mermaid(
            "step",
            StepLifecycle.TABLE,
            "PENDING",
            List.of("SUCCEEDED", "SKIPPED", "CANCELLED", "COMPENSATED"));
  }
}
