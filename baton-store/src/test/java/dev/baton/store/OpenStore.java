package dev.baton.store;

import java.nio.file.Path;

/** Opens (creating and migrating) the SQLite store of its argument, then prints its run count. */
public final class OpenStore {
  private OpenStore() {}

  public static void main(String[] args) throws Exception {
    try (JournalStore store = Stores.sqlite(Path.of(args[0]))) {
      System.out.println("opened " + store.runs().size());
    }
  }
}
