package dev.baton.store;

import dev.baton.Baton;
import dev.baton.BatonException;
import dev.baton.agent.Outcome;
import dev.baton.run.RunState;
import dev.baton.workflow.AgentSpec;
import dev.baton.workflow.Phase;
import dev.baton.workflow.Workflow;
import java.nio.file.Path;
import java.util.Map;

/**
 * An application that embeds Baton on SQLite, run by {@link SqliteWithoutPostgresTest} on a class
 * path without the PostgreSQL driver, Flyway or HikariCP: runs a workflow, opens its store again,
 * says which of them it can load, then asks for a PostgreSQL store. Prints one line for each.
 */
public final class SqliteOnlyApplication {
  private SqliteOnlyApplication() {}

  private static boolean loadable(String className) {
    try {
      Class.forName(className, false, SqliteOnlyApplication.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  public static void main(String[] args) throws Exception {
    Workflow wf =
        Workflow.builder("solo")
            .agent(AgentSpec.inProcess("worker"))
            .phase(Phase.sequential("p").step("a", "worker", "do a").step("b", "worker", "do b"))
            .build();
    try (JournalStore store = Stores.sqlite(Path.of(args[0]).resolve("baton.db"));
        Baton baton =
            Baton.builder()
                .store(store)
                .stateDir(Path.of(args[0]).resolve("state"))
                .workflow(wf)
                .agent("worker", (h, a) -> Outcome.succeeded(a.step() + " done"))
                .build()) {
      RunState end = baton.start(wf, Map.of()).await();
      System.out.println("run: " + end.status() + " " + end.step("b").orElseThrow().output());
    }
    try (JournalStore again = Stores.sqlite(Path.of(args[0]).resolve("baton.db"))) {
      System.out.println("again: " + again.runs().size() + " runs");
    }
    for (String[] c :
        new String[][] {
          {"flyway", "org.flywaydb.core.Flyway"},
          {"hikari", "com.zaxxer.hikari.HikariDataSource"},
          {"postgresql driver", "org.postgresql.Driver"}
        }) System.out.println(c[0] + ": " + (loadable(c[1]) ? "present" : "absent"));
    try {
      Stores.open("postgresql://baton@127.0.0.1:1/baton").close();
      System.out.println("postgresql: opened");
    } catch (BatonException e) {
      System.out.println("postgresql: " + e.getMessage());
    }
  }
}
