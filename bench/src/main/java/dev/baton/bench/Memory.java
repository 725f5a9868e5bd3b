package dev.baton.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/** Heap in use after full collections: what live objects hold, garbage excluded. */
final class Memory {
  private static final MemoryMXBean HEAP = ManagementFactory.getMemoryMXBean();

  private Memory() {}

  static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, HEAP.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
