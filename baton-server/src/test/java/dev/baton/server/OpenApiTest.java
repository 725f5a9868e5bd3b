package dev.baton.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.internal.OpenApi;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenApiTest {
  @TempDir Path dir;

  @Test
  void the_document_describes_exactly_the_api_routes_served() throws Exception {
    try (ServerFixture f = new ServerFixture(dir, Map.of())) {
      JsonNode doc = ServerFixture.json(f.get("/api/v1/openapi.json", f.token.get(Role.VIEWER)));
      assertThat(doc.path("openapi").asText()).isEqualTo("3.1.0");
      var served =
          f.server.routes().stream()
              .filter(r -> r.contains(" /api/") || r.endsWith(" /metrics"))
              .toList();
      assertThat(new OpenApi().operations()).containsExactlyInAnyOrderElementsOf(served);
      // every documented operation answers (with something else than "no such route")
      for (String op : new OpenApi().operations()) {
        String[] parts = op.split(" ", 2);
        String path = parts[1].replaceAll("\\{[a-z]+\\}", "x");
        var r = parts[0].equals("GET") ? f.get(path, f.admin()) : f.post(path, f.admin(), "{}");
        if (r.statusCode() == 404)
          assertThat(ServerFixture.json(r).path("detail").asText())
              .as(op)
              .doesNotContain("not found");
      }
    }
  }
}
