package dev.baton.server.internal;

import dev.baton.server.Access;
import dev.baton.server.AttemptTokens;
import dev.baton.server.Tokens;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.security.RouteRole;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks every matched request against its route's {@link Access}: a bearer token (or the
 * dashboard's cookie) whose role has the permission, or a live attempt's token for the agent
 * routes. Cookie-authenticated requests that change state must carry the CSRF token (header {@code
 * X-CSRF-Token} or form field {@code _csrf}), an HMAC of the token under a key of this process.
 */
public final class Auth implements Handler {
  public static final String COOKIE = "baton_token";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  public static final String CSRF_FIELD = "_csrf";

  private final Tokens tokens;
  private final AttemptTokens attempts;
  private final byte[] csrfKey = new byte[32];

  public Auth(Tokens tokens, AttemptTokens attempts) {
    this.tokens = tokens;
    this.attempts = attempts;
    new SecureRandom().nextBytes(csrfKey);
  }

  @Override
  public void handle(Context ctx) {
    Access access = null;
    for (RouteRole r : ctx.routeRoles()) if (r instanceof Access a) access = a;
    if (access == null) {
      if (ctx.path().startsWith("/webjars/")) return;
      throw new ApiError(403, "this route has no access rule, so nobody may use it");
    }
    if (access == Access.PUBLIC) {
      principal(ctx).ifPresent(p -> ctx.attribute(Principal.ATTRIBUTE, p));
      return;
    }
    Principal p =
        principal(ctx)
            .orElseThrow(() ->
                new ApiError(
                    401,
                    bearer(ctx).isPresent() || ctx.cookie(COOKIE) != null
                        ? "the token is unknown, revoked, or its attempt has ended"
                        : "this route needs 'Authorization: Bearer TOKEN' (see `baton token create`)"));
    ctx.attribute(Principal.ATTRIBUTE, p);
    if (access == Access.ATTEMPT) {
      if (p.attempt().isEmpty())
        throw new ApiError(403, "the agent API takes the BATON_TOKEN of a running attempt");
      return;
    }
    if (p.role().isEmpty())
      throw new ApiError(403, "an attempt's token reaches only the agent API of its attempt");
    var needed = access.permission().orElseThrow();
    if (!p.role().get().may(needed))
      throw new ApiError(
          403,
          "token '"
              + p.name()
              + "' has role "
              + p.role().get().word()
              + ", which may not "
              + needed.name().toLowerCase(java.util.Locale.ROOT));
    if (p.cookie() && changesState(ctx) && !csrfOk(ctx))
      throw new ApiError(403, "missing or wrong CSRF token: reload the page and try again");
  }

  /** The request's principal, from its bearer token or, failing that, the dashboard's cookie. */
  public Optional<Principal> principal(Context ctx) {
    Optional<String> bearer = bearer(ctx);
    if (bearer.isPresent()) return resolve(bearer.get(), false);
    String cookie = ctx.cookie(COOKIE);
    return cookie == null ? Optional.empty() : resolve(cookie, true);
  }

  public Optional<Principal> resolve(String token, boolean cookie) {
    if (token.startsWith(AttemptTokens.PREFIX))
      return attempts
          .verify(token)
          .map(g -> new Principal("attempt " + g.key(), Optional.empty(), Optional.of(g), cookie));
    return tokens
        .verify(token)
        .map(e -> new Principal(e.name(), Optional.of(e.role()), Optional.empty(), cookie));
  }

  /** The CSRF token that goes with the request's cookie (empty without one). */
  public String csrf(Context ctx) {
    String cookie = ctx.cookie(COOKIE);
    return cookie == null ? "" : csrfOf(cookie);
  }

  private String csrfOf(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(csrfKey, "HmacSHA256"));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(token.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private boolean csrfOk(Context ctx) {
    String sent = ctx.header(CSRF_HEADER);
    if (sent == null && ctx.isFormUrlencoded()) sent = ctx.formParam(CSRF_FIELD);
    return sent != null
        && MessageDigest.isEqual(
            sent.getBytes(StandardCharsets.UTF_8), csrf(ctx).getBytes(StandardCharsets.UTF_8));
  }

  private static boolean changesState(Context ctx) {
    HandlerType m = ctx.method();
    return !m.equals(HandlerType.GET)
        && !m.equals(HandlerType.HEAD)
        && !m.equals(HandlerType.OPTIONS);
  }

  private static Optional<String> bearer(Context ctx) {
    String h = ctx.header("Authorization");
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
    String t = h.substring(7).strip();
    return t.isEmpty() ? Optional.empty() : Optional.of(t);
  }
}
