package dev.baton.server;

import io.javalin.security.RouteRole;
import java.util.Optional;

/** What a route needs, given as its Javalin route role. Routes without one are refused. */
public enum Access implements RouteRole {
  /** Anybody, no token (health, sign-in, static files). */
  PUBLIC(Optional.empty()),
  READ(Optional.of(Role.Permission.READ)),
  RUN(Optional.of(Role.Permission.RUN)),
  FEEDBACK(Optional.of(Role.Permission.FEEDBACK)),
  DECIDE(Optional.of(Role.Permission.DECIDE)),
  ADMIN(Optional.of(Role.Permission.ADMIN)),
  /** The bearer of a live attempt's token, and nobody else. */
  ATTEMPT(Optional.empty());

  private final Optional<Role.Permission> permission;

  Access(Optional<Role.Permission> permission) {
    this.permission = permission;
  }

  /** The permission a person's token needs; empty for {@link #PUBLIC} and {@link #ATTEMPT}. */
  public Optional<Role.Permission> permission() {
    return permission;
  }
}
