package dev.baton.agent;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What an agent tells Baton while it works; each call becomes a journal event. Command agents speak
 * it through {@code @baton} lines (docs/agent-protocols.md); Java agents call it directly.
 */
public interface Reporter {
  void status(Status status);

  default void progress(int percent, String message) {
    status(Status.progress(percent, message));
  }

  void finding(List<String> tags, String summary);

  /** Notes for the next agent: completedWork, remainingWork, constraints. */
  void handoffNotes(Map<String, Object> notes);

  /** The agent lacks a capability: Baton hands the step to a specialist. */
  void gap(String capability, String reason);

  /** A quality score (1-10) for another step's work. */
  void review(String step, int quality);

  /**
   * The receiver's rating (1-10) of the handoff this attempt received: how complete and usable the
   * previous agent's handoff was. It counts toward the sending agent's collaboration score
   * (docs/monitoring.md). Command agents say {@code @baton review {"handoff": true,
   * "collaboration": 8}}.
   *
   * <p>Journaled as {@code FeedbackRecorded} with {@code collaboration}, the sender as {@code
   * agent} (the handoff's {@code fromAgent}; the sender's step when known) and the receiver as
   * {@code by}. The default ignores it: a reporter that cannot journal ratings loses nothing else.
   */
  default void handoffRating(int collaboration) {}

  /**
   * A call of a chat model made for this attempt (model, tokens, cost, latency), journaled as
   * {@code LlmCalled}; it counts toward the run's and the phase's {@code budget: {tokens, usd}}.
   */
  default void llmCalled(LlmCall call) {}

  /**
   * Asks a person for input this attempt needs (a remote A2A agent's {@code input-required},
   * docs/agent-protocols.md#a2a): a blocking human task of kind {@code input} in the inbox, whose
   * decision completes the returned future: {@code approve} (or {@code continue}) with a note gives
   * the note as the answer, {@code reject} (or {@code abort}) refuses. A restarted attempt asking
   * the same question gets the same task, and its answer if it was given already. When the attempt
   * ends first, Baton withdraws the question. The default refuses at once: a reporter that cannot
   * reach people.
   */
  default CompletableFuture<Answer> ask(String question) {
    return CompletableFuture.completedFuture(
        Answer.refused("nobody can be asked from here", "baton"));
  }

  /** A malformed protocol line; journaled as a warning, never a failure. */
  void warning(String line, String reason);
}
