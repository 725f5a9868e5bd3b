/**
 * {@code llm} agents (docs/agent-protocols.md): chat models called through LangChain4j — OpenAI and
 * every OpenAI-compatible server, Anthropic, Ollama — with the reply shape of {@link
 * dev.baton.agents.reply.AgentReply}, one repair request, retries of 429/5xx and an {@code
 * LlmCalled} event per call.
 */
package dev.baton.llm;
