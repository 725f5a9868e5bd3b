package dev.baton.workflow;

/** A resource a step holds while it runs: exclusive, or shared with other shared holders. */
public record ResourceClaim(String name, boolean shared) {
  @Override
  public String toString() {
    return shared ? name + ":shared" : name;
  }
}
