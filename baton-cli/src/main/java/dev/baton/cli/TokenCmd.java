package dev.baton.cli;

import dev.baton.server.Role;
import dev.baton.server.Tokens;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code baton token create|list|revoke}: API tokens of {@code baton serve}, stored hashed. */
@Command(
    name = "token",
    description = "Manage API tokens of `baton serve`: create (shown once), list, revoke.",
    subcommands = {TokenCmd.Create.class, TokenCmd.ListTokens.class, TokenCmd.Revoke.class})
final class TokenCmd implements Runnable {
  @Override
  public void run() {
    throw new UserError("say what to do: baton token create NAME --role ROLE | list | revoke NAME");
  }

  /** The tokens of the store (an earlier version's {@code tokens.json} beside it imported). */
  static Tokens tokens(Context ctx) {
    return Tokens.in(ctx.store, ctx.stateDir);
  }

  @Command(name = "create", description = "Create a token; it is printed once and stored hashed.")
  static final class Create implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Option(
        names = "--role",
        required = true,
        paramLabel = "ROLE",
        description = "viewer, operator, approver or admin")
    String role;

    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      var remote = store.remote();
      if (remote.isPresent()) {
        try {
          Role.parse(role);
        } catch (IllegalArgumentException e) {
          throw new UserError(e.getMessage());
        }
        String token =
            remote
                .get()
                .post(
                    "/api/v1/tokens",
                    Json.MAPPER.createObjectNode().put("name", name).put("role", role))
                .path("token")
                .asText();
        return created(token);
      }
      try (Context ctx = Context.creating(store)) {
        return created(tokens(ctx).create(name, Role.parse(role)));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
    }

    private int created(String token) {
      System.out.println(token);
      System.err.println(
          "Token '" + name + "' (" + role + ") created. It is shown only this once: keep it.");
      return ExitCodes.OK;
    }
  }

  @Command(name = "list", description = "List tokens: name, role, created (never the token).")
  static final class ListTokens implements Callable<Integer> {
    @Option(names = "--json", description = "print JSON: [{name, role, created}]")
    boolean json;

    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      var remote = store.remote();
      List<Tokens.Entry> all = new java.util.ArrayList<>();
      if (remote.isPresent()) {
        for (var t : remote.get().get("/api/v1/tokens"))
          all.add(
              new Tokens.Entry(
                  t.path("name").asText(),
                  Role.parse(t.path("role").asText()),
                  "",
                  java.time.Instant.parse(t.path("created").asText())));
      } else {
        try (Context ctx = Context.open(store)) {
          all = tokens(ctx).list();
        }
      }
      if (json) {
        var array = Json.MAPPER.createArrayNode();
        for (var t : all)
          array
              .addObject()
              .put("name", t.name())
              .put("role", t.role().word())
              .put("created", t.created().toString());
        Json.print(System.out, array);
        return ExitCodes.OK;
      }
      if (all.isEmpty()) {
        System.out.println("No tokens. Create one with: baton token create NAME --role admin");
        return ExitCodes.OK;
      }
      System.out.printf("%-24s %-9s %s%n", "NAME", "ROLE", "CREATED");
      for (var t : all)
        System.out.printf("%-24s %-9s %s%n", t.name(), t.role().word(), t.created());
      return ExitCodes.OK;
    }
  }

  @Command(name = "revoke", description = "Revoke a token; a running server refuses it at once.")
  static final class Revoke implements Callable<Integer> {
    @Parameters(paramLabel = "NAME")
    String name;

    @Mixin StoreOptions store;

    @Override
    public Integer call() {
      var remote = store.remote();
      if (remote.isPresent())
        remote.get().post("/api/v1/tokens/" + Remote.encode(name) + "/revoke", Map.of());
      else
        try (Context ctx = Context.open(store)) {
          if (!tokens(ctx).revoke(name))
            throw new UserError("no token named '" + name + "' (see `baton token list`)");
        }
      System.out.println("Token '" + name + "' revoked.");
      return ExitCodes.OK;
    }
  }
}
