package dev.baton.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.JMException;
import javax.management.ObjectName;

/** Heap in use after full collections: what live objects hold, garbage excluded. */
final class Memory {
  private static final MemoryMXBean HEAP = ManagementFactory.getMemoryMXBean();

  private Memory() {}

  /**
   * With {@code -Dbench.histogram=N} (e.g. in {@code BENCH_JVM_OPTS}), the N classes holding most
   * live heap, printed to standard error under {@code title}: what a scenario's heap figure is made
   * of. Nothing otherwise.
   */
  static void histogram(String title) {
    int top = Integer.getInteger("bench.histogram", 0);
    if (top <= 0) return;
    try {
      String[] lines = classHistogram();
      System.err.println("heap histogram: " + title);
      for (int i = 0; i < Math.min(lines.length, top + 3); i++) System.err.println(lines[i]);
    } catch (JMException e) {
      System.err.println("heap histogram unavailable: " + e);
    }
  }

  /**
   * Live bytes of the given classes (by their names as the class histogram prints them, e.g. {@code
   * java.lang.VirtualThread}); the histogram makes a full collection first.
   */
  static long liveBytes(java.util.Set<String> classes) {
    try {
      long total = 0;
      for (String line : classHistogram()) {
        // " 1:   30004   38575488  jdk.internal.vm.StackChunk (java.base@25.0.3)"
        String[] f = line.trim().split("\\s+");
        if (f.length >= 4 && f[0].endsWith(":") && classes.contains(f[3]))
          total += Long.parseLong(f[2]);
      }
      return total;
    } catch (JMException | NumberFormatException e) {
      return 0;
    }
  }

  /** {@code jcmd PID GC.class_histogram}'s lines (after a full collection). */
  private static String[] classHistogram() throws JMException {
    Object text =
        ManagementFactory.getPlatformMBeanServer()
            .invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"),
                "gcClassHistogram",
                new Object[] {new String[0]},
                new String[] {String[].class.getName()});
    return String.valueOf(text).split("\\R");
  }

  static long usedAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, HEAP.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
