package dev.baton.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The routes that {@code baton serve} adds to the server's own (the commands that act on the store
 * as a whole, proposals, configuration history): each × each role, through a real server, refused
 * with 401/403 exactly when the role may not use it, and without a token or with a forged one
 * always; a refused request changes nothing.
 */
class ServeRolesEndToEndTest {
  @TempDir Path dir;

  record Route(String method, String path, String body, Role.Permission needs) {}

  static final List<Route> ROUTES =
      List.of(
          new Route("POST", "/api/v1/runs/r1/resume", "{}", Role.Permission.RUN),
          new Route("POST", "/api/v1/runs/resume", "{}", Role.Permission.RUN),
          new Route(
              "POST",
              "/api/v1/prune",
              "{\"endedBefore\": \"2000-01-01T00:00:00Z\"}",
              Role.Permission.RUN),
          new Route("POST", "/api/v1/reviews", "{\"kind\": \"never\"}", Role.Permission.RUN),
          new Route("POST", "/api/v1/config/rollback", "{\"version\": 99}", Role.Permission.RUN),
          new Route(
              "POST",
              "/api/v1/meta/triage",
              "{\"report\": \"the page is blank\"}",
              Role.Permission.READ),
          new Route("GET", "/api/v1/meta/examples", null, Role.Permission.READ),
          new Route(
              "POST", "/api/v1/meta/examples", "{\"agent\": \"Bad Name\"}", Role.Permission.RUN),
          new Route("POST", "/api/v1/meta/examples/E404/remove", "{}", Role.Permission.RUN),
          new Route("GET", "/api/v1/proposals", null, Role.Permission.READ),
          new Route("GET", "/api/v1/config/history", null, Role.Permission.READ));

  @Test
  void each_route_serve_adds_admits_exactly_the_roles_that_may_use_it() throws Exception {
    Cli local = Cli.in(dir).env("BATON_EMBEDDINGS", "off");
    Map<Role, String> tokens = new EnumMap<>(Role.class);
    for (Role role : Role.values())
      tokens.put(
          role,
          Served.token(
              local,
              role.name().toLowerCase(java.util.Locale.ROOT),
              role.name().toLowerCase(java.util.Locale.ROOT)));
    local.workflow(
        "ok",
        """
        name: ok
        agents:
          a: { command: [echo, done] }
        phases:
          - name: p
            mode: sequential
            steps:
              - { id: first, agent: a, task: go }
        """);
    Cli.Result ran = local.baton("run", "ok.yaml", "--id", "r1");
    assertThat(ran.exit()).as("%s", ran).isZero();

    try (Served server = Served.start(local)) {
      HttpClient http = HttpClient.newHttpClient();
      List<String> wrong = new ArrayList<>();
      String before = local.baton("runs", "--json").out();
      for (Route r : ROUTES) {
        for (Role role : Role.values()) {
          int status = send(http, server.url(), r, tokens.get(role));
          boolean refused = status == 401 || status == 403;
          if (refused == role.may(r.needs()))
            wrong.add(r.method() + " " + r.path() + " as " + role + " → " + status);
        }
        for (String token : List.of("", "baton_forged", "baton-attempt_forged")) {
          int status = send(http, server.url(), r, token.isEmpty() ? null : token);
          if (status != 401)
            wrong.add(r.method() + " " + r.path() + " with '" + token + "' → " + status);
        }
      }
      assertThat(wrong).isEmpty();
      // nothing above may have pruned, resumed or reviewed anything: the runs are as they were
      assertThat(local.baton("runs", "--json").out()).isEqualTo(before);

      // the meta agent's examples through the server: the same output and errors as locally
      Cli remote =
          Cli.in(dir)
              .env("BATON_EMBEDDINGS", "off")
              .env("BATON_SERVER", server.url())
              .env("BATON_TOKEN", tokens.get(Role.OPERATOR));
      Cli.Result added =
          remote.baton("meta", "examples", "add", "--agent", "db", "the orders query is slow");
      assertThat(added.exit()).as("%s", added).isZero();
      assertThat(added.out())
          .startsWith("Learned example ")
          .contains(": db leads reports like this.");
      Cli.Result listed = remote.baton("meta", "examples", "--json");
      assertThat(listed.exit()).as("%s", listed).isZero();
      assertThat(listed.json().get(0).path("report").asText())
          .isEqualTo("the orders query is slow");
      Cli.Result text = remote.baton("meta", "examples");
      assertThat(text.out()).isEqualTo(local.baton("meta", "examples").out());
      String id = listed.json().get(0).path("id").asText();
      Cli.Result unknown = remote.baton("meta", "examples", "remove", "E404");
      Cli.Result unknownLocally = local.baton("meta", "examples", "remove", "E404");
      assertThat(unknown.exit()).isEqualTo(2).isEqualTo(unknownLocally.exit());
      assertThat(unknown.err()).isEqualTo(unknownLocally.err());
      Cli.Result removed = remote.baton("meta", "examples", "remove", id);
      assertThat(removed.out()).isEqualTo("Removed example " + id + ".\n");
      assertThat(local.baton("meta", "examples", "--json").json()).isEmpty();
      Cli.Result asViewer =
          remote
              .env("BATON_TOKEN", tokens.get(Role.VIEWER))
              .baton("meta", "examples", "add", "--agent", "db", "x");
      assertThat(asViewer.exit()).isEqualTo(2);
      assertThat(asViewer.err()).contains("role may not");
    }
  }

  private static int send(HttpClient http, String base, Route r, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + r.path()));
    if (token != null) b.header("Authorization", "Bearer " + token);
    if (r.method().equals("GET")) b.GET();
    else
      b.header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(r.body()));
    return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
