package dev.baton.server;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a person's API token may do. Every role reads; {@code operator} also starts, cancels and
 * rates runs; {@code approver} also answers human tasks (and rates runs); {@code admin} may do
 * everything. Attempt tokens are not roles: they reach only their own attempt's agent routes.
 */
public enum Role {
  VIEWER(EnumSet.of(Permission.READ)),
  OPERATOR(EnumSet.of(Permission.READ, Permission.RUN, Permission.FEEDBACK)),
  APPROVER(EnumSet.of(Permission.READ, Permission.DECIDE, Permission.FEEDBACK)),
  ADMIN(
      EnumSet.of(
          Permission.READ,
          Permission.RUN,
          Permission.FEEDBACK,
          Permission.DECIDE,
          Permission.ADMIN));

  @SuppressWarnings("ImmutableEnumChecker") // an unmodifiable view of a set nobody else holds
  private final Set<Permission> permissions;

  Role(Set<Permission> permissions) {
    this.permissions = Collections.unmodifiableSet(permissions);
  }

  public boolean may(Permission p) {
    return permissions.contains(p);
  }

  /** The lower-case word used on the command line and in the API. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Parses {@code viewer|operator|approver|admin}.
   *
   * @throws IllegalArgumentException for any other word
   */
  public static Role parse(String word) {
    for (Role r : values()) if (r.word().equals(word)) return r;
    throw new IllegalArgumentException(
        "unknown role '" + word + "': use viewer, operator, approver or admin");
  }

  /** What a route needs. */
  public enum Permission {
    /** Read runs, journals, the inbox, agents, metrics and alerts. */
    READ,
    /** Start and cancel runs. */
    RUN,
    /** Rate runs and steps. */
    FEEDBACK,
    /** Answer human tasks. */
    DECIDE,
    /** Manage tokens and configuration. */
    ADMIN
  }
}
