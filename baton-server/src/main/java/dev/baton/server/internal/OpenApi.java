package dev.baton.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.baton.server.Access;
import io.javalin.config.RoutesConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code GET /api/v1/openapi.json}: the OpenAPI 3.1 document of the API, kept beside this class
 * ({@code openapi.json}). A test compares its operations with the routes the server registers.
 */
public final class OpenApi {
  public static final String RESOURCE = "/dev/baton/server/openapi.json";

  private final String text;

  public OpenApi() {
    try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException(RESOURCE + " is missing");
      this.text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void register(RoutesConfig r) {
    r.get(
        "/api/v1/openapi.json",
        ctx -> ctx.contentType("application/json; charset=utf-8").result(text),
        Access.READ);
  }

  /** {@code "GET /api/v1/runs/{id}"} for each operation of the document. */
  public List<String> operations() {
    List<String> out = new ArrayList<>();
    try {
      JsonNode paths = Documents.MAPPER.readTree(text).path("paths");
      for (var path : paths.properties()) {
        for (var op : path.getValue().properties()) {
          String method = op.getKey();
          if (method.equals("parameters")) continue;
          out.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
