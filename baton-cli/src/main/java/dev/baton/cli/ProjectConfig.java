package dev.baton.cli;

import dev.baton.BatonException;
import dev.baton.monitoring.MonitoringConfig;
import dev.baton.monitoring.MonitoringConfigLoader;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.WorkflowLoader;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The project's {@code baton.yaml}: {@code $BATON_CONFIG}, else {@code baton.yaml} in the current
 * folder.
 */
final class ProjectConfig {
  private ProjectConfig() {}

  static Path file() {
    String env = System.getenv("BATON_CONFIG");
    return Path.of(env != null && !env.isBlank() ? env : "baton.yaml");
  }

  /** The monitoring settings; a broken file is the user's mistake (exit 2). */
  static MonitoringConfig monitoring() {
    try {
      return MonitoringConfigLoader.fromSystem().load(file());
    } catch (BatonException e) {
      throw new UserError(e.getMessage());
    }
  }

  /**
   * The meta agent's model for workflows without their own {@code meta}: {@code meta: {llm: …}}; a
   * broken section is exit 2 with its positions.
   */
  static Optional<AgentSpec.Llm> meta() {
    return WorkflowLoader.projectMeta(file());
  }

  /** The cluster settings (the lease of runs); a broken value is exit 2. */
  static ClusterConfig cluster() {
    return ClusterConfig.load(file());
  }

  /** The improvement settings (schedules, window, time zone); a broken file is exit 2. */
  static dev.baton.improve.ImprovementConfig improvement() {
    try {
      return dev.baton.improve.ImprovementConfigLoader.load(file());
    } catch (BatonException e) {
      throw new UserError(e.getMessage());
    }
  }
}
