package dev.baton.workflow;

import java.util.Optional;

/** A declared input of a workflow. */
public record InputSpec(
    String name, boolean required, Optional<String> defaultValue, String description) {
  public InputSpec {
    if (description == null) description = "";
  }
}
