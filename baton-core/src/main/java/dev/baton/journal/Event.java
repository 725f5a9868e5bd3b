package dev.baton.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Map;

/**
 * A change of a run, appended to the run's journal before it takes effect (docs/journal.md). The
 * run's state is the fold of its events ({@link dev.baton.run.RunState#apply}). Field names follow
 * the documented JSON: {@code phase}, {@code step}, {@code agent}, {@code attempt}, {@code reason},
 * {@code output}, {@code error}, {@code progress}, {@code tags}, {@code decision}, {@code
 * resource}, {@code task}. New types may be added; existing ones keep their names and meanings
 * (golden journals guard this). Jackson knows the subtypes from the permitted subclasses ({@link
 * EventCodec}), so a new record needs no registration.
 */
@JsonTypeInfo(
    use = JsonTypeInfo.Id.SIMPLE_NAME,
    include = JsonTypeInfo.As.PROPERTY,
    property = "type")
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface Event {

  /** The documented name of this event's type, e.g. {@code StepStarted}. */
  default String type() {
    return TypeNames.of(getClass());
  }

  // ---- runs -------------------------------------------------------------------------------------

  /** The run began; carries what any process needs to resume it. */
  record RunStarted(
      String workflow, String priority, Map<String, Object> inputs, Definition definition)
      implements Event {}

  /** The texts a run's definition was loaded from (no secret values: references only). */
  record Definition(
      String workflowPath, String workflowText, String agentsPath, String agentsText) {}

  /**
   * The tuned values (docs/improvement.md) a run starts with, from configuration version {@code
   * version}; kept when the run is resumed. Written right after {@code RunStarted}, only when
   * something is tuned. {@code retries} (left out when empty) overrides steps' {@code retries}.
   */
  record ConfigurationApplied(
      long version,
      Map<String, Long> estimateMillis,
      Map<String, Long> budgetMillis,
      Map<String, String> assignees,
      Map<String, List<String>> routing,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Integer> retries)
      implements Event {
    /** Tuned values without retries overrides. */
    public ConfigurationApplied(
        long version,
        Map<String, Long> estimateMillis,
        Map<String, Long> budgetMillis,
        Map<String, String> assignees,
        Map<String, List<String>> routing) {
      this(version, estimateMillis, budgetMillis, assignees, routing, null);
    }
  }

  record RunSucceeded() implements Event {}

  record RunFailed(String reason, String step) implements Event {}

  record RunRolledBack(String reason) implements Event {}

  record RunCancelled(String reason, String by) implements Event {}

  record RunWaiting(String task, String reason) implements Event {}

  record RunResumed(String task, String reason) implements Event {}

  // ---- phases -----------------------------------------------------------------------------------

  /**
   * A phase began (again, after a re-plan: {@code round} > 0). {@code steps} are the concrete steps
   * after fan-out and {@code foreach}, fixed here so that a replay never re-evaluates them.
   */
  record PhaseStarted(String phase, int round, List<PlannedStep> steps) implements Event {}

  /**
   * A concrete step of a phase: {@code template} is the id of the step as written. {@code task} is
   * set only on a step the meta agent inserted ({@code Replanned} of decision {@code amend}): what
   * that step is asked to do; it is left out of the JSON when null.
   */
  record PlannedStep(
      String id,
      String template,
      String agent,
      Object item,
      @JsonInclude(JsonInclude.Include.NON_NULL) String task) {
    /** A step planned from the workflow as written. */
    public PlannedStep(String id, String template, String agent, Object item) {
      this(id, template, agent, item, null);
    }
  }

  record PhaseSucceeded(String phase) implements Event {}

  record PhaseFailed(String phase, String step, String reason) implements Event {}

  record PhaseBudgetExceeded(String phase, String reason, long budgetMillis, long elapsedMillis)
      implements Event {}

  // ---- steps ------------------------------------------------------------------------------------

  record StepQueued(String phase, String step, String agent, String reason) implements Event {}

  /** An attempt began; {@code task} is the rendered instruction, {@code agent} who performs it. */
  record StepStarted(String phase, String step, String agent, int attempt, String task)
      implements Event {}

  record StepSucceeded(
      String phase, String step, String agent, int attempt, Object output, long durationMillis)
      implements Event {}

  record StepFailed(
      String phase, String step, String agent, int attempt, String error, long durationMillis)
      implements Event {}

  record StepTimedOut(
      String phase, String step, String agent, int attempt, String error, long durationMillis)
      implements Event {}

  record StepSkipped(String phase, String step, String reason) implements Event {}

  record StepCancelled(String phase, String step, String agent, int attempt, String reason)
      implements Event {}

  record StepPreempted(String phase, String step, String agent, int attempt, String reason)
      implements Event {}

  /** A failed attempt will be followed by attempt {@code attempt} after {@code delayMillis}. */
  record StepRetrying(String phase, String step, int attempt, long delayMillis, String reason)
      implements Event {}

  record EstimateExceeded(
      String phase, String step, String agent, int attempt, long estimateMillis, long elapsedMillis)
      implements Event {}

  // ---- agents at work ---------------------------------------------------------------------------

  record HandoffSent(String step, String agent, int attempt, Map<String, Object> handoff)
      implements Event {}

  record StatusReported(
      String step, String agent, int attempt, Integer progress, Map<String, Object> status)
      implements Event {}

  record FindingReported(String step, String agent, List<String> tags, String summary)
      implements Event {}

  record SupportRequested(
      String step, String agent, String request, String fromAgent, String reason, String urgency)
      implements Event {}

  record SupportAnswered(String step, String agent, String request, Object output)
      implements Event {}

  record KnowledgeGap(String step, String agent, String capability, String reason)
      implements Event {}

  record AgentCreated(String agent, String template, List<String> capabilities, String reason)
      implements Event {}

  /**
   * A knowledge gap or a capability mismatch hands the step to another agent (docs/conflicts.md):
   * its next attempt is performed by {@code to}. Not a failure of {@code agent}.
   */
  record StepHandedOver(String phase, String step, String agent, String to, String reason)
      implements Event {}

  /** Notes an agent left for the next one ({@code @baton handoff}); they reach the next handoff. */
  record HandoffNotes(String step, String agent, int attempt, Map<String, Object> notes)
      implements Event {}

  record ProtocolWarning(String step, String agent, int attempt, String line, String reason)
      implements Event {}

  /**
   * An agent called a chat model (docs/agent-protocols.md); counts toward {@code budget: {tokens,
   * usd}}.
   */
  record LlmCalled(
      String step,
      String agent,
      int attempt,
      String model,
      long inputTokens,
      long outputTokens,
      double costUsd,
      long latencyMs)
      implements Event {}

  /**
   * The run's (no {@code phase}) or a phase's token or dollar budget was crossed; escalates as a
   * time box does.
   */
  record BudgetExceeded(
      String phase, String reason, long tokens, double usd, Long budgetTokens, Double budgetUsd)
      implements Event {}

  // ---- conflicts --------------------------------------------------------------------------------

  record ResourceWaiting(String step, String resource, String reason) implements Event {}

  record ResourceAcquired(String step, String resource) implements Event {}

  record ResourceReleased(String step, String resource) implements Event {}

  record BranchMerged(String phase, String step, String branch) implements Event {}

  record MergeConflict(String phase, String step, String branch, String reason) implements Event {}

  // ---- failure handling -------------------------------------------------------------------------

  /**
   * Compensation begins: {@code steps} are compensated in this order (newest first); {@code then}
   * says what follows: {@code replan}, {@code rolled-back}, {@code skip}, {@code cancelled} or
   * {@code escalate}.
   */
  record RollbackStarted(
      String phase,
      RollbackScope scope,
      String reason,
      List<String> steps,
      RollbackThen then,
      String step)
      implements Event {}

  record StepCompensated(String step, String agent) implements Event {}

  record CompensationFailed(String step, String agent, String error) implements Event {}

  /**
   * A re-planning decision of the meta agent: {@code decision} is retry, reassign, amend or
   * escalate.
   */
  record Replanned(
      String phase,
      String step,
      ReplanDecision decision,
      String agent,
      String reason,
      List<PlannedStep> amended)
      implements Event {}

  /**
   * An escalation rule fired; {@code rule} is its position, from 0 in the order the workflow lists
   * them (people see it numbered from 1: {@code baton events} prints rule {@code rule + 1}).
   */
  record Escalated(int rule, String decision, String reason) implements Event {}

  record PrimaryAssigned(String agent, String step, String reason) implements Event {}

  /**
   * A question for a person. {@code kind}: escalation, approval, input or merge; {@code cause} says
   * what opened it (failure, compensation, rule, budget, agent, cancel, gap, merge) and so what a
   * decision does. {@code blocking} tasks put the run in WAITING.
   */
  record HumanTaskOpened(
      String task,
      TaskKind kind,
      String question,
      List<String> options,
      String step,
      String reason,
      TaskCause cause,
      boolean blocking)
      implements Event {}

  record HumanTaskResolved(
      String task, HumanAction decision, List<String> args, String by, String note)
      implements Event {}

  // ---- monitoring -------------------------------------------------------------------------------

  /**
   * An alert rule's condition began to hold (docs/monitoring.md). {@code run} and {@code step} name
   * what an attempt or phase alert is about; agent alerts leave them out. Journaled in the alerts
   * journal ({@link dev.baton.metrics.Alerts#STREAM}).
   */
  record AlertRaised(
      String alert,
      String rule,
      String agent,
      String taskType,
      double value,
      double threshold,
      String reason,
      String run,
      String step)
      implements Event {}

  record AlertResolved(String alert, String rule, String reason) implements Event {}

  record FeedbackRecorded(
      String step,
      String agent,
      Integer quality,
      Integer collaboration,
      Integer satisfaction,
      String by)
      implements Event {}

  // ---- improvement (docs/improvement.md): journals of their own, never runs
  // ---------------------------------

  /**
   * A scheduled or requested review of {@code kind} (daily, weekly, monthly) over the period ending
   * at {@code tick} was claimed by {@code owner}. Its entry's seq in the review journal is derived
   * from the tick, so two processes can never both claim one tick.
   */
  record ReviewStarted(String kind, String tick, String owner) implements Event {}

  /** The review of {@code tick} finished; {@code report} names the files it wrote. */
  record ReviewFinished(String kind, String tick, String report, String summary) implements Event {}

  /**
   * A new configuration version: what changed, who changed it (a review, a person's approval, a
   * rollback), why, the figures behind it, and the whole configuration as of this version.
   */
  record ConfigurationChanged(
      long version,
      String author,
      String change,
      String reason,
      Map<String, Object> figures,
      Map<String, Object> configuration)
      implements Event {}

  /**
   * A proposal for people (reassign a task type, add a specialist, change a budget or threshold),
   * opened with an {@code approval} human task of the same id; {@code details} say what applying it
   * changes and the evidence.
   */
  record ProposalOpened(
      String proposal,
      String kind,
      String subject,
      String change,
      String reason,
      Map<String, Object> details)
      implements Event {}

  /** An approved proposal was applied as configuration {@code version}. */
  record ProposalApplied(String proposal, long version) implements Event {}

  /** An approved proposal waits for a later low-traffic window (e.g. a critical run is active). */
  record ProposalDeferred(String proposal, String reason) implements Event {}

  // ---- the meta agent's examples ----------------------------------------------------------------

  /**
   * A report and the agent that should lead it, learned from a correction of a run's primary agent
   * ({@code origin} is that run) or taught by hand. Journaled in the examples journal ({@link
   * dev.baton.meta.Examples#STREAM}).
   */
  record ExampleLearned(String example, String agent, String task, String reason, String origin)
      implements Event {}

  /** An example removed ({@code baton meta examples remove}); later triages no longer use it. */
  record ExampleRemoved(String example, String reason) implements Event {}

  // ---- the API tokens' journal (baton serve) ----------------------------------------------------

  /**
   * An API token was created for a person or script: its name, role and the SHA-256 of the token
   * (never the token). Journaled in the tokens journal of the server module.
   */
  record TokenCreated(String name, String role, String hash) implements Event {}

  /** The token of that name was revoked. */
  record TokenRevoked(String name) implements Event {}
}
