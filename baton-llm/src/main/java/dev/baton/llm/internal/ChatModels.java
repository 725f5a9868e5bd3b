package dev.baton.llm.internal;

import dev.baton.agent.Secrets;
import dev.baton.workflow.AgentSpec;
import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;

/**
 * Builds a LangChain4j chat model from an {@code llm:} definition. {@code ${…}} references are
 * resolved here, per attempt, so keys reach the HTTP client and nothing else. LangChain4j's own
 * retries are off: the agent retries 429 and 5xx itself, within the attempt's timeout.
 */
public final class ChatModels {
  /** One call's limit when the definition sets none. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(5);

  private ChatModels() {}

  public static ChatModel create(AgentSpec.Llm spec, Secrets secrets) {
    String baseUrl = spec.baseUrl().map(secrets::resolve).filter(s -> !s.isBlank()).orElse(null);
    String apiKey = spec.apiKey().map(secrets::resolve).filter(s -> !s.isBlank()).orElse(null);
    String model = secrets.resolve(spec.model());
    Duration timeout = spec.timeout().orElse(DEFAULT_TIMEOUT);
    Double temperature = spec.temperature().orElse(null);
    Integer maxTokens = spec.maxTokens().orElse(null);
    return switch (spec.provider()) {
      case "anthropic" ->
          AnthropicChatModel.builder()
              .baseUrl(baseUrl)
              .apiKey(apiKey == null ? "none" : apiKey)
              .modelName(model)
              .temperature(temperature)
              .maxTokens(maxTokens == null ? 4096 : maxTokens)
              .timeout(timeout)
              .maxRetries(0)
              .build();
      case "ollama" ->
          OllamaChatModel.builder()
              .baseUrl(baseUrl == null ? "http://localhost:11434" : baseUrl)
              .modelName(model)
              .temperature(temperature)
              .numPredict(maxTokens)
              .timeout(timeout)
              .maxRetries(0)
              .build();
      default ->
          OpenAiChatModel.builder()
              .baseUrl(baseUrl)
              // OpenAI-compatible servers without keys (vLLM, Ollama's /v1) accept any
              .apiKey(apiKey == null ? "none" : apiKey)
              .modelName(model)
              .temperature(temperature)
              .maxTokens(maxTokens)
              .timeout(timeout)
              .maxRetries(0)
              .build();
    };
  }
}
