package dev.baton.llm;

import dev.baton.agent.Agent;
import dev.baton.agent.Attempt;
import dev.baton.agent.Handoff;
import dev.baton.agent.Outcome;
import dev.baton.agents.reply.AgentReply;
import dev.baton.journal.EventCodec;
import dev.baton.llm.internal.ChatModels;
import dev.baton.llm.internal.ModelCalls;
import dev.baton.workflow.AgentSpec;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An agent that is a chat model (docs/agent-protocols.md), called through LangChain4j: the system
 * prompt from the agents file; the handoff and the reply's JSON shape in the user message; the
 * reply parsed and validated, with one repair request when it is not such JSON; its status,
 * findings, handoff notes and gap reported as the {@code @baton} lines are; its {@code output} the
 * step's output.
 */
public final class LlmAgent implements Agent {
  /** Tries of one model call when it answers 429 or 5xx (the attempt's timeout bounds them too). */
  public static final int MAX_TRIES = 5;

  private static final int QUOTE = 800;

  private final String name;
  private final String role;
  private final AgentSpec.Llm spec;
  private final Clock clock;
  private final long firstRetryDelayMillis;

  LlmAgent(String name, String role, AgentSpec.Llm spec, Clock clock, long firstRetryDelayMillis) {
    this.name = Objects.requireNonNull(name, "name");
    this.role = Objects.requireNonNull(role, "role");
    this.spec = Objects.requireNonNull(spec, "spec");
    this.clock = clock;
    this.firstRetryDelayMillis = firstRetryDelayMillis;
  }

  /** An agent for an {@code llm:} definition, retrying 429/5xx after 0.5 s, 1 s, 2 s, … */
  public static LlmAgent of(AgentSpec agent) {
    if (!(agent.kind() instanceof AgentSpec.Llm llm))
      throw new IllegalArgumentException(agent.name() + " is not an llm agent");
    return new LlmAgent(agent.name(), agent.role(), llm, Clock.systemUTC(), 500);
  }

  /** The same agent with another first retry delay (tests). */
  public LlmAgent retryDelay(long millis) {
    return new LlmAgent(name, role, spec, clock, millis);
  }

  @Override
  public Outcome perform(Handoff handoff, Attempt attempt) throws Exception {
    ModelCalls calls =
        new ModelCalls(
            spec,
            ChatModels.create(spec, attempt.secrets()),
            clock,
            MAX_TRIES,
            firstRetryDelayMillis);
    List<ChatMessage> messages = new ArrayList<>();
    messages.add(SystemMessage.from(system(attempt)));
    messages.add(UserMessage.from(user(handoff)));
    try {
      String first = calls.call(messages, attempt);
      AgentReply reply;
      try {
        reply = AgentReply.parse(first);
      } catch (AgentReply.Invalid bad) {
        messages.add(AiMessage.from(first.isEmpty() ? "(empty)" : first));
        messages.add(UserMessage.from(repair(bad.getMessage())));
        String second = calls.call(messages, attempt);
        try {
          reply = AgentReply.parse(second);
        } catch (AgentReply.Invalid again) {
          return Outcome.failed(
              attempt
                  .secrets()
                  .redact(
                      "the model's reply is not the expected JSON ("
                          + again.getMessage()
                          + ", after one repair request): "
                          + AgentReply.quote(second, QUOTE)));
        }
      }
      reply.applyTo(attempt.reporter());
      return Outcome.succeeded(reply.output());
    } catch (ModelCalls.Cancelled c) {
      return Outcome.failed(
          "cancelled: " + Objects.requireNonNullElse(attempt.cancellation().reason(), "cancelled"));
    } catch (ModelCalls.Failed f) {
      return Outcome.failed(f.getMessage());
    }
  }

  private String system(Attempt attempt) {
    String own = spec.system().map(attempt.secrets()::resolve).orElse("");
    return (own.isBlank() ? "You are " + (role.isBlank() ? name : role) + "." : own)
        + "\n\nYou are the agent '"
        + name
        + "' in a team coordinated by Baton. You receive a task handoff as JSON and answer"
        + " with exactly one JSON object, no prose around it.";
  }

  static String user(Handoff handoff) throws com.fasterxml.jackson.core.JsonProcessingException {
    return "The task handoff:\n"
        + EventCodec.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(handoff)
        + "\n\nDo the task and reply with one JSON object of this shape:\n"
        + AgentReply.SHAPE;
  }

  static String repair(String why) {
    return "Your reply cannot be used: "
        + why
        + ". Reply again with only one JSON object of the shape given above (\"output\" is"
        + " required), without any text around it.";
  }
}
