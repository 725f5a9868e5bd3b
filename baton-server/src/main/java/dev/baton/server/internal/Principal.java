package dev.baton.server.internal;

import dev.baton.server.AttemptTokens;
import dev.baton.server.Role;
import java.util.Optional;

/**
 * Who made a request: a person's token (name and role) or an attempt's token; {@code cookie} when
 * it came from the dashboard's cookie (then state-changing requests need the CSRF token).
 */
public record Principal(
    String name, Optional<Role> role, Optional<AttemptTokens.Grant> attempt, boolean cookie) {
  public static final String ATTRIBUTE = "baton.principal";
}
