package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.agent.Outcome;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route × every role: refused with 401/403 exactly when the role may not, and then nothing
 * changes.
 */
class RolesTest {
  @TempDir Path dir;

  record Route(String method, String path, String body, Role.Permission needs) {}

  static final List<Route> ROUTES =
      List.of(
          new Route("GET", "/api/v1/runs", null, Role.Permission.READ),
          new Route("GET", "/api/v1/runs/r-1", null, Role.Permission.READ),
          new Route("GET", "/api/v1/runs/r-1/events", null, Role.Permission.READ),
          new Route("GET", "/api/v1/runs/r-1/summary", null, Role.Permission.READ),
          new Route("GET", "/api/v1/status", null, Role.Permission.READ),
          new Route("GET", "/api/v1/tasks", null, Role.Permission.READ),
          new Route("GET", "/api/v1/agents", null, Role.Permission.READ),
          new Route("GET", "/api/v1/metrics", null, Role.Permission.READ),
          new Route("GET", "/api/v1/alerts", null, Role.Permission.READ),
          new Route("GET", "/api/v1/openapi.json", null, Role.Permission.READ),
          new Route("GET", "/metrics", null, Role.Permission.READ),
          new Route("POST", "/api/v1/runs", "{\"workflow\": \"hello.yaml\"}", Role.Permission.RUN),
          new Route("POST", "/api/v1/runs/r-1/cancel", "{}", Role.Permission.RUN),
          new Route(
              "POST",
              "/api/v1/runs/r-1/feedback",
              "{\"satisfaction\": 9}",
              Role.Permission.FEEDBACK),
          new Route(
              "POST",
              "/api/v1/tasks/none/decision",
              "{\"action\": \"abort\"}",
              Role.Permission.DECIDE),
          new Route("GET", "/.well-known/agent-card.json", null, Role.Permission.READ),
          new Route("GET", "/api/v1/tokens", null, Role.Permission.ADMIN),
          new Route(
              "POST",
              "/api/v1/tokens",
              "{\"name\": \"x\", \"role\": \"bad\"}",
              Role.Permission.ADMIN),
          new Route("POST", "/api/v1/tokens/nobody/revoke", "{}", Role.Permission.ADMIN),
          new Route(
              "POST",
              "/a2a",
              "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"tasks/get\", \"params\": {\"id\": \"r-1\"}}",
              Role.Permission.READ),
          new Route(
              "POST",
              "/a2a/hello",
              "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"message/send\", \"params\":"
                  + " {\"message\": {\"messageId\": \"m\", \"parts\": []}}}",
              Role.Permission.RUN),
          // the dashboard: a bearer token works as the session cookie does (pages without one
          // go to /login)
          new Route("GET", "/", null, Role.Permission.READ),
          new Route("GET", "/runs/r-1", null, Role.Permission.READ),
          new Route("GET", "/inbox", null, Role.Permission.READ),
          new Route("GET", "/agents", null, Role.Permission.READ),
          new Route("GET", "/alerts", null, Role.Permission.READ),
          new Route("GET", "/charts", null, Role.Permission.READ),
          new Route("GET", "/ui/runs", null, Role.Permission.READ),
          new Route("GET", "/ui/runs/r-1/timeline", null, Role.Permission.READ),
          new Route("GET", "/ui/inbox", null, Role.Permission.READ),
          new Route("GET", "/ui/agents", null, Role.Permission.READ),
          new Route("GET", "/ui/alerts", null, Role.Permission.READ),
          new Route("POST", "/ui/runs", "", Role.Permission.RUN),
          new Route("POST", "/ui/runs/r-1/cancel", "", Role.Permission.RUN),
          new Route("POST", "/ui/tasks/none/decision", "", Role.Permission.DECIDE));

  /**
   * Routes not in the table: open to all (health, sign-in, the style sheet), signing out (any role,
   * and it answers with the sign-in page), the dashboard's endless change stream, and the agent API
   * of attempts' tokens (AgentApiTest).
   */
  static final List<String> NOT_BY_ROLE =
      List.of(
          "GET /api/v1/health",
          "GET /ui/style.css",
          "GET /login",
          "POST /login",
          "POST /logout",
          "GET /ui/changes");

  @Test
  void every_route_served_is_in_the_table() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, Map.of())) {
      List<String> table =
          ROUTES.stream()
              .map(r -> r.method() + " " + r.path().replaceAll("r-1|none|nobody|hello", "{}"))
              .toList();
      List<String> missing = new ArrayList<>();
      for (String route : f.server.routes()) {
        if (NOT_BY_ROLE.contains(route) || route.startsWith("POST /api/v1/attempts/")) continue;
        if (!table.contains(route.replaceAll("\\{[a-z]+\\}", "{}"))) missing.add(route);
      }
      assertThat(missing).as("routes missing from RolesTest.ROUTES").isEmpty();
    }
  }

  @Test
  void each_route_admits_exactly_the_roles_that_may_use_it() throws Exception {
    try (ServerFixture f =
        new ServerFixture(dir, Map.of("greeter", (h, a) -> Outcome.succeeded("hi")))) {
      f.write(
          "hello.yaml",
          """
          name: hello
          phases:
            - name: greet
              mode: sequential
              steps:
                - { id: say, agent: greeter, task: hello }
          """);
      f.start("{\"workflow\": \"hello.yaml\", \"id\": \"r-1\"}");
      List<String> wrong = new ArrayList<>();
      for (Route r : ROUTES) {
        for (Role role : Role.values()) {
          int before = f.store.runs().size();
          HttpResponse<String> resp = send(f, r, f.token.get(role));
          boolean refused = refused(resp);
          if (refused == role.may(r.needs()))
            wrong.add(r.method() + " " + r.path() + " as " + role + " → " + resp.statusCode());
          if (refused && f.store.runs().size() != before)
            wrong.add(r.method() + " " + r.path() + " as " + role + " changed the store");
        }
        for (String token : List.of("", "baton_forged", "baton-attempt_forged")) {
          HttpResponse<String> resp = send(f, r, token.isEmpty() ? null : token);
          if (resp.statusCode() != 401 && !toSignIn(resp))
            wrong.add(r.method() + " " + r.path() + " with '" + token + "' → " + resp.statusCode());
        }
      }
      // a revoked token is refused at once
      f.tokens.revoke("viewer");
      if (f.get("/api/v1/runs", f.token.get(Role.VIEWER)).statusCode() != 401)
        wrong.add("revoked viewer admitted");
      assertThat(wrong).isEmpty();
    }
  }

  private static boolean refused(HttpResponse<String> resp) {
    return resp.statusCode() == 401 || resp.statusCode() == 403 || toSignIn(resp);
  }

  /** A dashboard page without a valid token sends the browser to sign in. */
  private static boolean toSignIn(HttpResponse<String> resp) {
    return resp.statusCode() == 302
        && resp.headers().firstValue("Location").orElse("").startsWith("/login");
  }

  private static HttpResponse<String> send(ServerFixture f, Route r, String token)
      throws Exception {
    return r.method().equals("GET") ? f.get(r.path(), token) : f.post(r.path(), token, r.body());
  }
}
