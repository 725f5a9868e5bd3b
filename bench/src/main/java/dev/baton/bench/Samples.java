package dev.baton.bench;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Nanosecond samples from many threads; percentiles by sorting a copy (the counts here are small).
 */
final class Samples {
  private final ReentrantLock lock = new ReentrantLock();
  private long[] values = new long[1024];
  private int size;

  void add(long nanos) {
    lock.lock();
    try {
      if (size == values.length) values = Arrays.copyOf(values, size * 2);
      values[size++] = nanos;
    } finally {
      lock.unlock();
    }
  }

  void clear() {
    lock.lock();
    try {
      size = 0;
    } finally {
      lock.unlock();
    }
  }

  int size() {
    lock.lock();
    try {
      return size;
    } finally {
      lock.unlock();
    }
  }

  /** The {@code p}-th percentile (0–100) in milliseconds, or NaN without samples. */
  double percentileMillis(double p) {
    long[] sorted;
    lock.lock();
    try {
      sorted = Arrays.copyOf(values, size);
    } finally {
      lock.unlock();
    }
    if (sorted.length == 0) return Double.NaN;
    Arrays.sort(sorted);
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
  }
}
