package dev.baton.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.server.AttemptTokens;
import dev.baton.server.BatonServer;
import dev.baton.server.Role;
import dev.baton.server.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route of the server that {@code baton serve} runs (its extensions included) is in the
 * OpenAPI document it serves, and the document names no route that is not served: the two cannot
 * drift apart.
 */
class ServedRoutesTest {
  @TempDir Path dir;

  @Test
  void the_served_openapi_document_names_exactly_the_routes_baton_serve_registers()
      throws Exception {
    StoreOptions options = new StoreOptions();
    options.db = dir.resolve("baton.db").toString();
    try (Context ctx = Context.serving(options)) {
      Tokens tokens = Tokens.in(ctx.store, ctx.stateDir);
      String viewer = tokens.create("viewer", Role.VIEWER);
      try (BatonServer server =
              ServeCmd.server(ctx, new AttemptTokens(), tokens).port(0).build().start();
          HttpClient http = HttpClient.newHttpClient()) {
        HttpResponse<String> r =
            http.send(
                HttpRequest.newBuilder(URI.create(server.uri() + "/api/v1/openapi.json"))
                    .header("Authorization", "Bearer " + viewer)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> documented = new ArrayList<>();
        for (var path : Json.MAPPER.readTree(r.body()).path("paths").properties())
          for (var op : path.getValue().properties())
            if (!op.getKey().equals("parameters"))
              documented.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());

        List<String> served = server.routes();
        assertThat(served)
            .contains(
                "GET /api/v1/status",
                "GET /api/v1/runs/{id}/summary",
                "GET /api/v1/proposals",
                "GET /api/v1/config/history",
                "POST /mcp",
                "GET /");
        assertThat(documented).containsExactlyInAnyOrderElementsOf(served);
      }
    }
  }
}
