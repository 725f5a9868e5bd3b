package dev.baton.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A workflow shape: groups of steps in order, each group parallel or sequential. Step ids are the
 * group's letter and a number ({@code a1}, {@code b3}); a step's predecessors are the steps whose
 * end it waits for, which is what handoff latency is measured from.
 */
record Shape(String name, List<Group> groups) {
  /** A phase: {@code steps} steps, all at once or one after the other. */
  record Group(String name, boolean parallel, int steps) {
    String step(int i) {
      return name.toLowerCase(java.util.Locale.ROOT) + (i + 1);
    }

    /** The steps the next group waits for: all of a parallel group, the last of a sequence. */
    List<String> tail() {
      if (!parallel) return List.of(step(steps - 1));
      List<String> out = new ArrayList<>();
      for (int i = 0; i < steps; i++) out.add(step(i));
      return out;
    }
  }

  /** The feature shape: 3 in parallel; 4 in sequence; 3 in parallel; 3 in sequence (13 steps). */
  static final Shape W1 =
      new Shape(
          "W1",
          List.of(
              new Group("A", true, 3),
              new Group("B", false, 4),
              new Group("C", true, 3),
              new Group("D", false, 3)));

  /** 100 steps in one sequence. */
  static final Shape W2 = new Shape("W2", List.of(new Group("A", false, 100)));

  Shape {
    groups = List.copyOf(groups);
  }

  int steps() {
    return groups.stream().mapToInt(Group::steps).sum();
  }

  /** The steps {@code step} waits for; empty for the first group's steps. */
  List<String> predecessors(int group, int index) {
    Group g = groups.get(group);
    if (!g.parallel() && index > 0) return List.of(g.step(index - 1));
    return group == 0 ? List.of() : groups.get(group - 1).tail();
  }
}
