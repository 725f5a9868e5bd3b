package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.internal.OpenApi;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document against the routes the server registers. {@code baton serve} adds a few
 * routes of its own (its test in baton-cli compares the document with all of them).
 */
class OpenApiTest {
  /** The routes {@code baton serve} adds to a {@link BatonServer} as extensions. */
  static final List<String> SERVE_EXTENSIONS =
      List.of(
          "GET /api/v1/proposals",
          "GET /api/v1/config/history",
          "POST /api/v1/runs/{id}/resume",
          "POST /api/v1/runs/resume",
          "POST /api/v1/prune",
          "POST /api/v1/reviews",
          "POST /api/v1/config/rollback",
          "POST /api/v1/meta/triage",
          "GET /api/v1/meta/examples",
          "POST /api/v1/meta/examples",
          "POST /api/v1/meta/examples/{id}/remove",
          "POST /mcp",
          "GET /mcp");

  @TempDir Path dir;

  @Test
  void the_document_describes_every_route_served_and_no_other() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, Map.of())) {
      JsonNode doc = ServerFixture.json(f.get("/api/v1/openapi.json", f.token.get(Role.VIEWER)));
      assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
      List<String> served = f.server.routes();
      assertThat(served).contains("GET /api/v1/runs", "GET /", "POST /a2a", "GET /metrics");
      List<String> expected = new ArrayList<>(served);
      expected.addAll(SERVE_EXTENSIONS);
      assertThat(new OpenApi().operations()).containsExactlyInAnyOrderElementsOf(expected);
      // every documented operation of the API answers (with something else than "no such route")
      for (String op : served) {
        String[] parts = op.split(" ", 2);
        if (!parts[1].startsWith("/api/")) continue;
        String path = parts[1].replaceAll("\\{[a-z]+\\}", "x");
        var r = parts[0].equals("GET") ? f.get(path, f.admin()) : f.post(path, f.admin(), "{}");
        if (r.statusCode() == 404)
          assertThat(ServerFixture.json(r).path("detail").asText())
              .as(op)
              .doesNotContain("no route")
              .doesNotContainIgnoringCase("not found");
      }
    }
  }
}
