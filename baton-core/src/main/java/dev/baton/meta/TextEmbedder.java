package dev.baton.meta;

/**
 * Turns a text into a sentence embedding, so that the meta agent can compare a report with the
 * agents' profiles and with the examples it learned, by meaning rather than by words. Registered
 * through {@code Baton.builder().embedder(...)}; {@code baton-embeddings} ships one that runs a
 * small model inside the JVM, with no network. Without an embedder, triage uses its evidence and
 * word overlap only.
 *
 * <p>Implementations are called from several threads and should load their model lazily, once.
 */
@FunctionalInterface
public interface TextEmbedder {
  /** The embedding of {@code text}; vectors of one embedder all have the same length. */
  float[] embed(String text);

  /** The cosine similarity of two embeddings of this embedder (-1 to 1). */
  static double cosine(float[] a, float[] b) {
    double dot = 0, na = 0, nb = 0;
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      dot += a[i] * b[i];
      na += a[i] * a[i];
      nb += b[i] * b[i];
    }
    return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
  }
}
