package dev.baton.store;

import static dev.baton.store.Journals.append;
import static dev.baton.store.Journals.step;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A child process for {@link SqliteCrashTest}: several threads append to their own runs without
 * end, continuing each run's journal where it stands, and print {@code run seq} once an append is
 * committed. It stops only when killed.
 */
public final class CrashingAppender {
  private static final ReentrantLock OUT = new ReentrantLock();

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    PrintStream out = System.out;
    JournalStore store = Stores.sqlite(file, Clock.systemUTC());
    for (int t = 0; t < threads; t++) {
      String run = "crash-" + t;
      Thread.ofPlatform()
          .name("appender-" + t)
          .start(() -> {
            long seq = store.read(run, 0).size();
            while (true) {
              seq++;
              store.append(append(run, seq, step("s" + seq))).join();
              OUT.lock();
              try {
                out.println(run + " " + seq);
                out.flush();
              } finally {
                OUT.unlock();
              }
            }
          });
    }
  }
}
