package dev.baton.cli;

import dev.baton.embeddings.MiniLmEmbedder;
import dev.baton.meta.EvidenceTriager;
import dev.baton.meta.TextEmbedder;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code baton meta}: the meta agent's judgement: the examples it learned from corrections ({@code
 * examples}), a triage tried on a text ({@code triage}), and its accuracy on labelled reports
 * ({@code eval}).
 */
@Command(
    name = "meta",
    description = "The meta agent's triage: learned examples, trying a report, measuring accuracy.",
    subcommands = {MetaExamplesCmd.class, MetaTriageCmd.class, MetaEvalCmd.class})
final class MetaCmd {
  private MetaCmd() {}

  /**
   * The embedder the CLI registers: the local MiniLM model, unless {@code BATON_EMBEDDINGS=off}
   * (triage then uses evidence, words and examples only).
   */
  static Optional<TextEmbedder> embedder() {
    return "off".equalsIgnoreCase(System.getenv().getOrDefault("BATON_EMBEDDINGS", ""))
        ? Optional.empty()
        : Optional.of(SHARED);
  }

  /** Below this confidence the meta agent asks a person ({@code BATON_META_ASK_BELOW}, 0-1). */
  static double askBelow() {
    String v = System.getenv("BATON_META_ASK_BELOW");
    if (v == null || v.isBlank()) return EvidenceTriager.ASK_BELOW;
    try {
      double d = Double.parseDouble(v);
      if (d >= 0 && d <= 1) return d;
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new UserError("BATON_META_ASK_BELOW must be a confidence from 0 to 1, not '" + v + "'");
  }

  private static final TextEmbedder SHARED = new MiniLmEmbedder();
}
